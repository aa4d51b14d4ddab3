using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A real OpenID Connect issuer (npm oidc-provider, tests/oidc/issuer.js) on a free loopback port: discovery, JWKS,
/// client_credentials, the device flow, the authorization code flow with PKCE (its login form takes any name),
/// refresh tokens, and JWT access tokens for <see cref="OidcIssuerOptions.Audience"/> with a <c>groups</c> claim.
/// The test makes the RS256 signing key, so it can also craft tokens signed with the issuer's real key.
/// .ci/run installs oidc-provider into tests/oidc/node_modules; the tests fail, never skip, when it is missing.
/// </summary>
public sealed class OidcIssuer : IAsyncDisposable
{
    /// <summary>The public client the CLI and the UI sign in with (no secret; device code, authorization code, refresh).</summary>
    public const string PublicClientId = "aetherfs-cli";

    private readonly TempDirectory _work = new();
    private readonly List<RsaSecurityKey> _keys = [];
    private NodeProcess? _process;

    private OidcIssuer(OidcIssuerOptions options)
    {
        Options = options;
        Port = LoopbackPort.Free();
        _keys.Add(NewKey());
    }

    public OidcIssuerOptions Options { get; }

    public int Port { get; }

    /// <summary>The issuer identifier, exactly as it writes <c>iss</c> (no trailing slash).</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>The issuer's real signing key (private), published in its JWKS under <see cref="SecurityKey.KeyId"/>.</summary>
    public RsaSecurityKey SigningKey => _keys[0];

    public static async Task<OidcIssuer> StartAsync(OidcIssuerOptions options)
    {
        var issuer = new OidcIssuer(options);
        try
        {
            await issuer.StartProcessAsync();
            return issuer;
        }
        catch
        {
            await issuer.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where .ci/run installs the issuer: tests/oidc under the repository root.</summary>
    public static string ScriptPath()
    {
        var root = RepositoryPaths.Root;
        var module = Path.Join(root, "tests", "oidc", "node_modules", "oidc-provider", "package.json");
        return File.Exists(module)
            ? Path.Join(root, "tests", "oidc", "issuer.js")
            : throw new InvalidOperationException($"oidc-provider is not installed at {module}: run `npm ci --prefix tests/oidc` (.ci/run does)");
    }

    /// <summary>A real access token (JWT) for a confidential service client, from the token endpoint.</summary>
    public async Task<string> ClientCredentialsTokenAsync(string clientId)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, Url + "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{Options.Services[clientId].Secret}")));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"token endpoint: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Stops the issuer as an outage would: its address answers nothing until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>Starts the issuer again on the same port; with <paramref name="rotateKey"/>, it signs with a new key from now on and publishes both.</summary>
    public async Task StartAgainAsync(bool rotateKey = false)
    {
        await StopAsync();
        if (rotateKey)
        {
            _keys.Insert(0, NewKey());
        }

        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        foreach (var key in _keys)
        {
            key.Rsa.Dispose();
        }

        _work.Dispose();
    }

    private async Task StartProcessAsync()
    {
        var settingsPath = _work.Combine("issuer.json");
        await File.WriteAllTextAsync(settingsPath, SettingsJson());
        var process = NodeProcess.Start([ScriptPath(), settingsPath], _work.Path);
        _process = process;
        await WaitForDiscoveryAsync(process);
    }

    private string SettingsJson()
    {
        static string B64(byte[]? bytes) => Base64UrlEncoder.Encode(bytes);
        var jwks = new JsonArray();
        foreach (var key in _keys)
        {
            var parameters = key.Rsa.ExportParameters(includePrivateParameters: true);
            jwks.Add(new JsonObject
            {
                ["kty"] = "RSA", ["kid"] = key.KeyId, ["alg"] = "RS256", ["use"] = "sig",
                ["n"] = B64(parameters.Modulus), ["e"] = B64(parameters.Exponent), ["d"] = B64(parameters.D),
                ["p"] = B64(parameters.P), ["q"] = B64(parameters.Q), ["dp"] = B64(parameters.DP), ["dq"] = B64(parameters.DQ), ["qi"] = B64(parameters.InverseQ),
            });
        }
        var accounts = new JsonObject();
        foreach (var (name, account) in Options.Accounts)
        {
            accounts[name] = new JsonObject
            {
                ["groups"] = new JsonArray([.. account.Groups.Select(g => JsonValue.Create(g))]),
                ["email"] = account.Email,
                ["emailVerified"] = account.EmailVerified,
            };
        }

        var services = new JsonObject();
        foreach (var (clientId, service) in Options.Services)
        {
            services[clientId] = new JsonObject { ["secret"] = service.Secret, ["groups"] = new JsonArray([.. service.Groups.Select(g => JsonValue.Create(g))]) };
        }

        return new JsonObject
        {
            ["port"] = Port,
            ["audience"] = Options.Audience,
            ["jwks"] = jwks, // the first signs
            ["redirectUris"] = new JsonArray([.. Options.RedirectUris.Select(u => JsonValue.Create(u))]),
            ["accounts"] = accounts,
            ["services"] = services,
        }.ToJsonString();
    }

    private async Task WaitForDiscoveryAsync(NodeProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the OIDC issuer exited with {process.ExitCode} at start: {process.Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url + "/.well-known/openid-configuration"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the OIDC issuer did not answer discovery within 30 s: {process.Output()}");
    }

    private static RsaSecurityKey NewKey() => new(RSA.Create(2048)) { KeyId = "issuer-" + Guid.NewGuid().ToString("N")[..8] };
}
