using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.Tokens;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A user at the test issuer's pages (its development login form, which takes any name): approves a device code,
/// or signs in through the authorization code flow with PKCE, as a browser would by submitting each page's form.
/// Also the token requests the public client makes. For the device-flow and browser-login tests built on it.
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    private const int MaxPages = 12;

    private readonly OidcIssuer _issuer;
    private readonly HttpClient _http;

    public OidcBrowser(OidcIssuer issuer)
    {
        _issuer = issuer;
        // Redirects by hand: the last one goes to the client's redirect URI, which nobody serves here.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Starts a device authorization for the public client: (device_code, verification_uri_complete).</summary>
    public async Task<(string DeviceCode, Uri VerificationUri)> StartDeviceAuthorizationAsync(string scope = "openid email offline_access")
    {
        using var document = await PostAsync("/device/auth", new() { ["client_id"] = OidcIssuer.PublicClientId, ["scope"] = scope });
        return (document.RootElement.GetProperty("device_code").GetString()!, new Uri(document.RootElement.GetProperty("verification_uri_complete").GetString()!));
    }

    /// <summary>Opens the verification page and signs in as <paramref name="login"/>, confirming every page.</summary>
    public async Task ApproveDeviceAsync(Uri verificationUri, string login)
    {
        var (_, page) = await BrowseAsync(verificationUri, login, redirectUri: null);
        Assert.Contains("Sign-in Success", page, StringComparison.Ordinal);
    }

    /// <summary>The whole device flow for <paramref name="login"/>: (access_token, refresh_token).</summary>
    public async Task<(string AccessToken, string RefreshToken)> DeviceFlowTokensAsync(string login)
    {
        var (deviceCode, uri) = await StartDeviceAuthorizationAsync();
        await ApproveDeviceAsync(uri, login);
        using var tokens = await PostAsync("/token", new() { ["grant_type"] = "urn:ietf:params:oauth:grant-type:device_code", ["device_code"] = deviceCode, ["client_id"] = OidcIssuer.PublicClientId });
        return (tokens.RootElement.GetProperty("access_token").GetString()!, tokens.RootElement.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>The authorization code flow with PKCE, signing in as <paramref name="login"/>: (access_token, refresh_token).</summary>
    public async Task<(string AccessToken, string RefreshToken)> AuthorizationCodeTokensAsync(string login, string redirectUri)
    {
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Guid.NewGuid().ToString("N");
        var query = string.Join('&', new Dictionary<string, string>
        {
            ["client_id"] = OidcIssuer.PublicClientId, ["response_type"] = "code", ["redirect_uri"] = redirectUri,
            ["scope"] = "openid email offline_access", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
            ["state"] = state, ["prompt"] = "consent",
        }.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value)));
        var (callback, _) = await BrowseAsync(new Uri($"{_issuer.Url}/auth?{query}"), login, redirectUri);
        var parameters = System.Web.HttpUtility.ParseQueryString(callback!.Query);
        Assert.Equal(state, parameters["state"]);
        using var tokens = await PostAsync("/token", new()
        {
            ["grant_type"] = "authorization_code", ["code"] = parameters["code"]!, ["redirect_uri"] = redirectUri,
            ["code_verifier"] = verifier, ["client_id"] = OidcIssuer.PublicClientId,
        });
        return (tokens.RootElement.GetProperty("access_token").GetString()!, tokens.RootElement.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>A new access token (and refresh token) for a refresh token of the public client.</summary>
    public async Task<(string AccessToken, string RefreshToken)> RefreshAsync(string refreshToken)
    {
        using var tokens = await PostAsync("/token", new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = OidcIssuer.PublicClientId });
        return (tokens.RootElement.GetProperty("access_token").GetString()!, tokens.RootElement.GetProperty("refresh_token").GetString()!);
    }

    public void Dispose() => _http.Dispose();

    // Follows redirects and submits each page's first form (filling in the login form) until no form is left, or
    // until a redirect goes to the client's redirect URI, which is returned.
    private async Task<(Uri? Callback, string Page)> BrowseAsync(Uri start, string login, string? redirectUri)
    {
        var response = await _http.GetAsync(start);
        for (var pages = 0; pages < MaxPages; pages++)
        {
            HttpResponseMessage next;
            try
            {
                if (response.Headers.Location is { } location)
                {
                    var target = location.IsAbsoluteUri ? location : new Uri(new Uri(_issuer.Url), location);
                    if (redirectUri is not null && target.ToString().StartsWith(redirectUri, StringComparison.Ordinal))
                    {
                        return (target, string.Empty);
                    }

                    next = await _http.GetAsync(target);
                }
                else
                {
                    var page = await response.Content.ReadAsStringAsync();
                    if (FormPattern().Match(page) is not { Success: true } form)
                    {
                        return (null, page);
                    }

                    var body = form.Groups["body"].Value;
                    var fields = HiddenPattern().Matches(body).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
                    if (body.Contains("name=\"login\"", StringComparison.Ordinal))
                    {
                        (fields["login"], fields["password"]) = (login, "any password");
                    }

                    using var content = new FormUrlEncodedContent(fields);
                    next = await _http.PostAsync(new Uri(new Uri(_issuer.Url), WebUtility.HtmlDecode(form.Groups["action"].Value)), content);
                }
            }
            finally
            {
                response.Dispose();
            }

            response = next;
        }

        response.Dispose();
        throw new InvalidOperationException($"the issuer's pages did not finish within {MaxPages} steps");
    }

    private async Task<JsonDocument> PostAsync(string path, Dictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync(new Uri(_issuer.Url + path), content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body);
    }

    [GeneratedRegex("<form[^>]*action=\"(?<action>[^\"]*)\"[^>]*>(?<body>.*?)</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]*)\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
