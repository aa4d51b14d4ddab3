using System.Text.Json.Serialization;

namespace AetherFS.Hub.Security.Sessions;

/// <summary>Source-generated JSON for stored sessions; the kind is written by name, so new kinds stay readable.</summary>
[JsonSerializable(typeof(SessionRecord))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
