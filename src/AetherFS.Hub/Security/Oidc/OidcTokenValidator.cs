using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AetherFS.Hub.Security.Oidc;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;JWT&gt;</c> against the configured OpenID Connect issuer: its keys come from
/// discovery and JWKS; the issuer, audience, algorithm, signature and lifetime are all required and checked explicitly.
/// A failure is a short reason that never quotes the token (it goes to the audit log).
/// </summary>
internal sealed partial class OidcTokenValidator : IDisposable
{
    // At most 60 s either way: a longer skew (.NET's default is 300 s) lets expired tokens live on.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(60);

    // An unreachable issuer is asked again at most this often, whatever the number of requests.
    private static readonly TimeSpan RetryDiscoveryAfter = TimeSpan.FromSeconds(10);

    // A token naming a key we do not have makes us ask for the issuer's keys again (key rotation), at most this often,
    // so a stream of forged kids cannot turn the hub into a fetcher.
    private static readonly TimeSpan KeyRefreshInterval = TimeSpan.FromSeconds(30);

    // Asymmetric only: "none" and HS* (whose secret an attacker could take to be the issuer's public key) never pass.
    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    // Headers that carry or point at a key: a token must never choose the key it is checked with (CVE-2025-24976).
    private static readonly string[] KeyHeaders = ["jwk", "jku", "x5u", "x5c"];

    private readonly OidcSettings _settings;
    private readonly HttpClient _http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _discovery;
    private readonly string _metadataAddress;
    private readonly HttpDocumentRetriever _retriever;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TimeProvider _time;
    private readonly ILogger<OidcTokenValidator> _logger;
    private readonly Lock _gate = new();
    private DateTimeOffset _retryDiscoveryAt = DateTimeOffset.MinValue;
    private DateTimeOffset _keysRefreshedAt = DateTimeOffset.MinValue;
    private bool _unreachable;
    private (OpenIdConnectConfiguration Configuration, DateTimeOffset At)? _fetchedForUnknownKey;

    /// <param name="handler">How to reach the issuer; tests count the requests through it.</param>
    public OidcTokenValidator(OidcSettings settings, TimeProvider time, ILogger<OidcTokenValidator> logger, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        _http = new HttpClient(handler ?? new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        _metadataAddress = settings.Issuer.OriginalString.TrimEnd('/') + "/.well-known/openid-configuration";
        _retriever = new HttpDocumentRetriever(_http) { RequireHttps = settings.Issuer.Scheme == Uri.UriSchemeHttps };
        _discovery = new ConfigurationManager<OpenIdConnectConfiguration>(_metadataAddress, new OpenIdConnectConfigurationRetriever(), _retriever)
        {
            AutomaticRefreshInterval = TimeSpan.FromHours(1),
            RefreshInterval = KeyRefreshInterval,
        };
    }

    /// <summary>The token's user name and groups, or why it is refused.</summary>
    public async ValueTask<OidcValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException)
        {
            return OidcValidation.Refused("malformed bearer token (neither an API token nor a JWT)");
        }

        if (jwt.IsEncrypted)
        {
            return OidcValidation.Refused("encrypted bearer tokens are not accepted");
        }

        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return OidcValidation.Refused("the bearer token's algorithm is not accepted (RS*, PS* or ES* only)");
        }

        if (CarriesKey(jwt))
        {
            return OidcValidation.Refused("bearer tokens that carry their own key (jwk, jku, x5u, x5c) are refused");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return OidcValidation.Refused("the bearer token names no signing key (kid)");
        }

        if (await DiscoverAsync(cancellationToken) is not { } configuration)
        {
            return OidcValidation.Refused("the OIDC issuer is not reachable; bearer tokens are refused until it is");
        }

        if (!HasKey(configuration, jwt.Kid))
        {
            configuration = await RotatedAsync(jwt.Kid, cancellationToken) ?? configuration;
        }

        if (!HasKey(configuration, jwt.Kid))
        {
            return OidcValidation.Refused("the bearer token is signed with a key the OIDC issuer does not publish");
        }

        var result = await _handler.ValidateTokenAsync(jwt, Parameters(configuration));
        if (!result.IsValid)
        {
            return OidcValidation.Refused(Reason(result.Exception));
        }

        return Identity(jwt);
    }

    /// <summary>The issuer's discovery document (its endpoints), or null while it cannot be reached.</summary>
    public Task<OpenIdConnectConfiguration?> EndpointsAsync(CancellationToken cancellationToken) => DiscoverAsync(cancellationToken);

    public void Dispose() => _http.Dispose();

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration) => new()
    {
        ValidIssuer = _settings.Issuer.OriginalString,
        ValidateIssuer = true,
        ValidAudience = _settings.Audience,
        ValidateAudience = true,
        ValidAlgorithms = Algorithms,
        IssuerSigningKeys = configuration.SigningKeys,
        TryAllIssuerSigningKeys = false,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
    };

    private OidcValidation Identity(JsonWebToken jwt)
    {
        if (!jwt.TryGetPayloadValue<string>(_settings.UserClaim, out var name) || !IsPrintableName(name))
        {
            return OidcValidation.Refused($"the bearer token has no usable '{_settings.UserClaim}' claim to name the user");
        }

        // An unverified email is whatever the user typed at the issuer: naming someone else's would become them.
        if (_settings.UserClaim == "email" && !(jwt.TryGetPayloadValue<bool>("email_verified", out var verified) && verified))
        {
            return OidcValidation.Refused("the bearer token's email is not verified (email_verified)");
        }

        return OidcValidation.Of(name, Groups(jwt));
    }

    // An array of names or a single name (JsonWebToken lists an array's items as claims of one type); other kinds of
    // value (numbers, objects) name no group.
    private List<string> Groups(JsonWebToken jwt) => jwt.Claims
        .Where(c => c.Type == _settings.GroupsClaim && c.ValueType == System.Security.Claims.ClaimValueTypes.String && IsPrintableName(c.Value))
        .Select(c => c.Value)
        .Distinct(StringComparer.Ordinal)
        .ToList();

    private static bool IsPrintableName(string? name) => name is { Length: > 0 and <= 256 } && !name.Any(char.IsControl);

    private static bool HasKey(OpenIdConnectConfiguration configuration, string kid) =>
        configuration.SigningKeys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));

    private static bool CarriesKey(JsonWebToken jwt)
    {
        using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedHeader));
        return header.RootElement.ValueKind != JsonValueKind.Object
            || KeyHeaders.Any(h => header.RootElement.TryGetProperty(h, out _));
    }

    // ConfigurationManager refreshes in the background, so the token that shows a rotation would still be refused:
    // fetch once, now, and use that answer for the kid it was fetched for until the manager has caught up (briefly,
    // so a key the issuer withdraws is not trusted for long).
    private async Task<OpenIdConnectConfiguration?> RotatedAsync(string kid, CancellationToken cancellationToken)
    {
        DateTimeOffset now;
        lock (_gate)
        {
            now = _time.GetUtcNow();
            if (_fetchedForUnknownKey is var (fetched, at) && now - at < 2 * KeyRefreshInterval && HasKey(fetched, kid))
            {
                return fetched;
            }

            if (now - _keysRefreshedAt < KeyRefreshInterval)
            {
                return null;
            }

            _keysRefreshedAt = now;
        }

        _discovery.RequestRefresh();
        try
        {
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataAddress, _retriever, cancellationToken);
            if (!string.Equals(configuration.Issuer, _settings.Issuer.OriginalString, StringComparison.Ordinal))
            {
                return null;
            }

            lock (_gate)
            {
                _fetchedForUnknownKey = (configuration, now);
            }

            return configuration;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<OpenIdConnectConfiguration?> DiscoverAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_time.GetUtcNow() < _retryDiscoveryAt)
            {
                return null;
            }
        }

        try
        {
            var configuration = await _discovery.GetConfigurationAsync(cancellationToken);
            // Discovery must describe the issuer we were told to trust, or its keys are someone else's.
            if (!string.Equals(configuration.Issuer, _settings.Issuer.OriginalString, StringComparison.Ordinal))
            {
                return Unreachable($"its discovery document names another issuer, '{configuration.Issuer}'");
            }

            lock (_gate)
            {
                if (_unreachable)
                {
                    _unreachable = false;
                    Log.Reachable(_logger, _settings.Issuer.OriginalString);
                }
            }

            return configuration;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Unreachable(e.GetBaseException().Message);
        }
    }

    private OpenIdConnectConfiguration? Unreachable(string reason)
    {
        lock (_gate)
        {
            _retryDiscoveryAt = _time.GetUtcNow() + RetryDiscoveryAfter;
            if (!_unreachable)
            {
                // One line per outage, not one per request.
                _unreachable = true;
                Log.Unreachable(_logger, _settings.Issuer.OriginalString, reason);
            }
        }

        return null;
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the bearer token has expired",
        SecurityTokenNotYetValidException => "the bearer token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "the bearer token has no expiry (exp)",
        SecurityTokenInvalidIssuerException => "the bearer token is from another issuer",
        SecurityTokenInvalidAudienceException => "the bearer token is for another audience",
        SecurityTokenInvalidAlgorithmException => "the bearer token's algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "the bearer token is signed with a key the OIDC issuer does not publish",
        SecurityTokenInvalidSignatureException => "the bearer token's signature is wrong",
        _ => "the bearer token is not valid",
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "OIDC issuer {Issuer} is not reachable ({Reason}): bearer tokens are refused until discovery works")]
        public static partial void Unreachable(ILogger logger, string issuer, string reason);

        [LoggerMessage(2, LogLevel.Information, "OIDC issuer {Issuer} is reachable again: bearer tokens are accepted")]
        public static partial void Reachable(ILogger logger, string issuer);
    }
}
