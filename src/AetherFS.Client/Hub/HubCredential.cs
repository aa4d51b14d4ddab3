using System.Net.Http.Headers;
using System.Text;

namespace AetherFS.Client.Hub;

/// <summary>
/// What a client proves itself with: a username and password (HTTP Basic) or a token (Bearer). Its
/// <see cref="ToString"/> names the kind and the user, never the secret, so it is safe in any message.
/// </summary>
public sealed class HubCredential
{
    private HubCredential(string? username, string secret)
    {
        Username = username;
        Secret = secret;
    }

    /// <summary>The user of a password credential; null for a token.</summary>
    public string? Username { get; }

    /// <summary>The password or the token.</summary>
    public string Secret { get; }

    public bool IsToken => Username is null;

    public static HubCredential Password(string username, string password) => new(username, password);

    public static HubCredential Token(string token) => new(null, token);

    /// <summary>The <c>Authorization</c> header every request carries.</summary>
    public AuthenticationHeaderValue ToHeader() => IsToken
        ? new AuthenticationHeaderValue("Bearer", Secret)
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Secret}")));

    public override string ToString() => IsToken ? "a token" : $"user {Username}";
}
