namespace AetherFS.Core.Manifests;

/// <summary>One path that differs between two versions; <see cref="From"/> is null when added, <see cref="To"/> when removed.</summary>
public sealed record FileChange(string Path, FileChangeKind Kind, ManifestEntry? From, ManifestEntry? To);
