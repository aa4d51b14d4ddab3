using System.Text.Json.Serialization;

namespace AetherFS.Client.Hub;

/// <summary>Who a hub takes the caller for: <c>GET /api/v1/auth/whoami</c>. Kind is user, token or anonymous.</summary>
public sealed record HubIdentity(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("admin")] bool Admin);
