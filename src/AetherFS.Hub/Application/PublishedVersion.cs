namespace AetherFS.Hub.Application;

/// <summary>A version stored and the tags now pointing at it.</summary>
internal sealed record PublishedVersion(string Digest, IReadOnlyList<TagEntry> Tags);
