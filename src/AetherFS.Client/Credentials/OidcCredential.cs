using System.Text.Json.Serialization;

namespace AetherFS.Client.Credentials;

/// <summary>
/// A login through the hub's OpenID Connect issuer (the device authorization grant): the access token sent to the
/// hub, and what renews it when it expires: the refresh token, and the issuer's token endpoint and client.
/// </summary>
public sealed class OidcCredential
{
    [JsonPropertyName("issuer")]
    public required string Issuer { get; init; }

    [JsonPropertyName("clientId")]
    public required string ClientId { get; init; }

    /// <summary>The hub's audience, asked for again on each renewal.</summary>
    [JsonPropertyName("audience")]
    public required string Audience { get; init; }

    [JsonPropertyName("tokenEndpoint")]
    public required string TokenEndpoint { get; init; }

    [JsonPropertyName("accessToken")]
    public required string AccessToken { get; init; }

    [JsonPropertyName("refreshToken")]
    public string? RefreshToken { get; init; }

    /// <summary>When the access token stops being accepted, as the issuer said when it was issued.</summary>
    [JsonPropertyName("expiresAt")]
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Renewed this long before it expires, so a request sent now still arrives with a valid token.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    public bool NeedsRenewal(DateTimeOffset now) => now >= ExpiresAt - RenewBefore;
}
