using System.Text.Json.Serialization;

namespace AetherFS.Core.Datasets;

/// <summary>What a tag points at: a manifest digest, when it was published and by whom.</summary>
public sealed record TagRecord(
    [property: JsonPropertyName("digest")] string Digest,
    [property: JsonPropertyName("publishedAt")] DateTime PublishedAt,
    [property: JsonPropertyName("publisher")] string? Publisher);
