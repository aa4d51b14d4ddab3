using AetherFS.Core.Manifests;

namespace AetherFS.Core.Packing;

/// <summary>A manifest entry and, for files, where its bytes are read from.</summary>
public sealed record PackEntry(ManifestEntry Entry, string? SourcePath);
