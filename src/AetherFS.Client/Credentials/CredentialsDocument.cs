using System.Text.Json.Serialization;

namespace AetherFS.Client.Credentials;

/// <summary>The credentials file: entries by hub (<see cref="CredentialStore.KeyOf"/>).</summary>
public sealed class CredentialsDocument
{
    [JsonPropertyName("hubs")]
    public Dictionary<string, StoredCredential> Hubs { get; init; } = new(StringComparer.Ordinal);
}
