using AetherFS.Core.Manifests;

namespace AetherFS.Core.Packing;

/// <summary>
/// A manifest entry and, for files, where its bytes are read from. Inode and change time, when known, tell a
/// later push whether the entry can have changed without reading it.
/// </summary>
public sealed record PackEntry(ManifestEntry Entry, string? SourcePath, long Inode = 0, DateTime ChangedAt = default);
