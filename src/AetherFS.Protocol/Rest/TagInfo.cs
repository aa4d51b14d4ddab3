namespace AetherFS.Protocol.Rest;

/// <summary>A tag of a dataset and the manifest it points at.</summary>
public sealed record TagInfo(string Tag, string Digest, DateTime PublishedAt, string? Publisher);
