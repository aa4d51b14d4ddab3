using System.Text.Json;

namespace AetherFS.Hub.Security.Oidc;

/// <summary>
/// The web UI's side of the OpenID Connect authorization code flow with PKCE, as the public client named by
/// <c>oidc.clientId</c>: where to send the browser, and the exchange of the code it brings back for an access token,
/// which is then checked like any bearer token (<see cref="OidcTokenValidator"/>).
/// </summary>
internal sealed class OidcCodeFlow : IDisposable
{
    // A token response is a few KiB; a hostile or broken issuer is not read beyond this.
    private const int MaxResponseBytes = 256 * 1024;

    private readonly OidcSettings _settings;
    private readonly OidcTokenValidator _validator;
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) })
    {
        Timeout = TimeSpan.FromSeconds(15),
        MaxResponseContentBufferSize = MaxResponseBytes,
    };

    public OidcCodeFlow(OidcSettings settings, OidcTokenValidator validator)
    {
        _settings = settings;
        _validator = validator;
    }

    /// <summary>The issuer's authorization request for this sign-in; null while the issuer cannot be reached.</summary>
    public async Task<Uri?> AuthorizationUrlAsync(OidcSignInState state, Uri redirectUri, CancellationToken cancellationToken)
    {
        if (_settings.ClientId is not { } clientId || await _validator.EndpointsAsync(cancellationToken) is not { AuthorizationEndpoint: { Length: > 0 } endpoint })
        {
            return null;
        }

        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri.ToString(),
            // A browser session needs no refresh token: it ends with the session.
            ["scope"] = string.Join(' ', _settings.ClientScopes.Where(s => s != "offline_access")),
            ["state"] = state.State,
            ["code_challenge"] = state.Challenge,
            ["code_challenge_method"] = "S256",
        };
        if (Uri.TryCreate(_settings.Audience, UriKind.Absolute, out _))
        {
            // RFC 8707 takes only URIs as resource indicators; other audiences are the issuer's default resource.
            query["resource"] = _settings.Audience;
        }

        var separator = endpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(endpoint + separator + string.Join('&', query.Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value))));
    }

    /// <summary>Trades the code for an access token and checks it; the validation says who signed in, or why not.</summary>
    public async Task<OidcValidation> CompleteAsync(string code, OidcSignInState state, Uri redirectUri, CancellationToken cancellationToken)
    {
        if (_settings.ClientId is not { } clientId || await _validator.EndpointsAsync(cancellationToken) is not { TokenEndpoint: { Length: > 0 } endpoint })
        {
            return OidcValidation.Refused("the OIDC issuer is not reachable");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri.ToString(),
            ["code_verifier"] = state.Verifier,
            ["client_id"] = clientId,
        };
        string? accessToken;
        try
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(new Uri(endpoint), content, cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!response.IsSuccessStatusCode)
            {
                var error = document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                return OidcValidation.Refused($"the OIDC issuer refused the code ({error ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)})");
            }

            accessToken = document.RootElement.TryGetProperty("access_token", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return OidcValidation.Refused($"the OIDC issuer's token endpoint failed ({e.GetType().Name})");
        }

        return accessToken is { Length: > 0 }
            ? await _validator.ValidateAsync(accessToken, cancellationToken)
            : OidcValidation.Refused("the OIDC issuer answered without an access token");
    }

    public void Dispose() => _http.Dispose();
}
