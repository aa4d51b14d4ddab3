using Duende.IdentityModel.Client;

namespace AetherFS.Client.Credentials;

/// <summary>
/// Talks to a hub's OpenID Connect issuer as a public client: the device authorization grant (RFC 8628) for
/// <c>auth login</c>, the refresh grant that renews a stored login, and revocation on logout. An audience that is an
/// absolute URI is asked for as a resource indicator (RFC 8707), so the access token is one the hub accepts; any other
/// audience is left to the issuer's default resource (RFC 8707 allows only URIs there). A public client has no secret, so
/// its id goes in the form body, never as Basic credentials.
/// </summary>
public sealed class OidcTokenClient
{
    // RFC 8628 3.5: a client told to slow down adds five seconds to its interval, for good.
    private static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public OidcTokenClient(HttpClient http, TimeProvider? time = null)
    {
        _http = http;
        _time = time ?? TimeProvider.System;
    }

    public async Task<OidcDeviceAuthorization> StartDeviceLoginAsync(HubOidcSettings settings, CancellationToken cancellationToken)
    {
        var discovery = await DiscoverAsync(settings.Issuer, cancellationToken);
        if (string.IsNullOrEmpty(discovery.DeviceAuthorizationEndpoint) || string.IsNullOrEmpty(discovery.TokenEndpoint))
        {
            throw new OidcLoginException($"the issuer {settings.Issuer} offers no device authorization grant; log in with --username or --with-token");
        }

        var request = new DeviceAuthorizationRequest
        {
            Address = discovery.DeviceAuthorizationEndpoint,
            ClientId = settings.ClientId,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
            Scope = string.Join(' ', settings.Scopes),
            Parameters = Resource(settings.Audience),
        };
        var response = await _http.RequestDeviceAuthorizationAsync(request, cancellationToken);
        if (response.IsError || response.DeviceCode is null || response.UserCode is null || response.VerificationUri is null)
        {
            throw new OidcLoginException($"the issuer {settings.Issuer} refused the device authorization: {Describe(response.Error, response.ErrorDescription)}");
        }

        return new OidcDeviceAuthorization(
            settings,
            discovery.TokenEndpoint,
            response.DeviceCode,
            response.UserCode,
            response.VerificationUri,
            response.VerificationUriComplete,
            TimeSpan.FromSeconds(Math.Max(1, response.Interval)),
            _time.GetUtcNow() + TimeSpan.FromSeconds(response.ExpiresIn ?? 600));
    }

    /// <summary>Polls the token endpoint until the user approves, denies, or the code expires.</summary>
    public async Task<OidcCredential> CompleteDeviceLoginAsync(OidcDeviceAuthorization authorization, CancellationToken cancellationToken)
    {
        var interval = authorization.Interval;
        while (true)
        {
            if (_time.GetUtcNow() >= authorization.Deadline)
            {
                throw new OidcLoginException("the login code expired before it was approved; run the login again");
            }

            await Task.Delay(interval, _time, cancellationToken);
            var response = await _http.RequestDeviceTokenAsync(
                new DeviceTokenRequest { Address = authorization.TokenEndpoint, ClientId = authorization.Settings.ClientId, ClientCredentialStyle = ClientCredentialStyle.PostBody, DeviceCode = authorization.DeviceCode },
                cancellationToken);
            switch (response.Error)
            {
                case null when !response.IsError:
                    return Credential(authorization.Settings.Issuer.ToString(), authorization.Settings.ClientId, authorization.Settings.Audience, authorization.TokenEndpoint, response, previousRefreshToken: null);
                case "authorization_pending":
                    continue;
                case "slow_down":
                    interval += SlowDownStep;
                    continue;
                case "access_denied":
                    throw new OidcLoginException("the login was denied at the issuer");
                case "expired_token":
                    throw new OidcLoginException("the login code expired before it was approved; run the login again");
                default:
                    throw new OidcLoginException($"the issuer refused the login: {Describe(response.Error, response.ErrorDescription)}");
            }
        }
    }

    /// <summary>A fresh access token for a stored login, by its refresh token.</summary>
    public async Task<OidcCredential> RenewAsync(OidcCredential current, CancellationToken cancellationToken)
    {
        if (current.RefreshToken is not { Length: > 0 } refreshToken)
        {
            throw new OidcLoginException("the login has expired and the issuer gave no refresh token");
        }

        var response = await _http.RequestRefreshTokenAsync(
            new RefreshTokenRequest { Address = current.TokenEndpoint, ClientId = current.ClientId, ClientCredentialStyle = ClientCredentialStyle.PostBody, RefreshToken = refreshToken, Parameters = Resource(current.Audience) },
            cancellationToken);
        if (response.IsError)
        {
            throw response.ErrorType == ResponseErrorType.Protocol
                ? new OidcLoginException($"the login has expired and the issuer would not renew it ({Describe(response.Error, response.ErrorDescription)})")
                : new HttpRequestException($"cannot reach the issuer to renew the login: {response.Error}", response.Exception);
        }

        return Credential(current.Issuer, current.ClientId, current.Audience, current.TokenEndpoint, response, refreshToken);
    }

    /// <summary>Asks the issuer to revoke a login's refresh token; false when it has no revocation endpoint or refused.</summary>
    public async Task<bool> RevokeAsync(OidcCredential credential, CancellationToken cancellationToken)
    {
        if (credential.RefreshToken is not { Length: > 0 } refreshToken)
        {
            return false;
        }

        var discovery = await DiscoverAsync(new Uri(credential.Issuer), cancellationToken);
        if (string.IsNullOrEmpty(discovery.RevocationEndpoint))
        {
            return false;
        }

        var response = await _http.RevokeTokenAsync(
            new TokenRevocationRequest { Address = discovery.RevocationEndpoint, ClientId = credential.ClientId, ClientCredentialStyle = ClientCredentialStyle.PostBody, Token = refreshToken, TokenTypeHint = "refresh_token" },
            cancellationToken);
        return !response.IsError;
    }

    private async Task<DiscoveryDocumentResponse> DiscoverAsync(Uri issuer, CancellationToken cancellationToken)
    {
        // The issuer must name itself as the hub said (no mix-up), over https unless it is on loopback.
        var discovery = await _http.GetDiscoveryDocumentAsync(
            new DiscoveryDocumentRequest { Address = issuer.ToString(), Policy = { RequireHttps = true, AllowHttpOnLoopback = true } },
            cancellationToken);
        return discovery.IsError
            ? throw new OidcLoginException($"cannot read the OpenID Connect discovery of {issuer}: {discovery.Error}")
            : discovery;
    }

    private OidcCredential Credential(string issuer, string clientId, string audience, string tokenEndpoint, TokenResponse response, string? previousRefreshToken) =>
        response.AccessToken is { Length: > 0 } accessToken
            ? new OidcCredential
            {
                Issuer = issuer,
                ClientId = clientId,
                Audience = audience,
                TokenEndpoint = tokenEndpoint,
                AccessToken = accessToken,
                // Issuers that rotate refresh tokens send a new one; the others keep the one there was.
                RefreshToken = response.RefreshToken ?? previousRefreshToken,
                ExpiresAt = _time.GetUtcNow() + TimeSpan.FromSeconds(response.ExpiresIn > 0 ? response.ExpiresIn : 300),
            }
            : throw new OidcLoginException("the issuer answered without an access token");

    private static Parameters Resource(string audience) =>
        Uri.TryCreate(audience, UriKind.Absolute, out _) ? new Parameters { { "resource", audience } } : [];

    private static string Describe(string? error, string? description) =>
        description is { Length: > 0 } ? $"{error}: {description}" : error ?? "no reason given";
}
