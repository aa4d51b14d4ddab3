using System.Text.Json.Serialization;
using AetherFS.Client.Hub;

namespace AetherFS.Client.Credentials;

/// <summary>One hub's entry in the credentials file: a username and password, a token, or an OpenID Connect login.</summary>
public sealed class StoredCredential
{
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    [JsonPropertyName("token")]
    public string? Token { get; init; }

    [JsonPropertyName("oidc")]
    public OidcCredential? Oidc { get; init; }

    public static StoredCredential From(HubCredential credential) => credential.IsToken
        ? new StoredCredential { Token = credential.Secret }
        : new StoredCredential { Username = credential.Username, Password = credential.Secret };

    /// <summary>The credential to send; null for an entry that holds neither form (edited by hand).</summary>
    public HubCredential? ToCredential() =>
        Oidc is { } oidc ? HubCredential.Token(oidc.AccessToken)
        : Token is { Length: > 0 } token ? HubCredential.Token(token)
        : Username is { Length: > 0 } user && Password is not null ? HubCredential.Password(user, Password)
        : null;
}
