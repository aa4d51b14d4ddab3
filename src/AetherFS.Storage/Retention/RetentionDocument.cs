using System.Text.Json.Serialization;

namespace AetherFS.Storage.Retention;

/// <summary>How a policy is stored: <c>{"keepLast":5,"maxAge":"90d","protect":["stable"]}</c>, durations as people write them.</summary>
internal sealed record RetentionDocument(
    [property: JsonPropertyName("keepLast")] int? KeepLast,
    [property: JsonPropertyName("maxAge")] string? MaxAge,
    [property: JsonPropertyName("protect")] IReadOnlyList<string>? Protect);
