namespace AetherFS.Hub.Application;

/// <summary>A version deleted from a dataset: its digest and the tags that pointed at it, in ordinal order.</summary>
internal sealed record DeletedVersion(string Name, string Digest, IReadOnlyList<string> Tags);
