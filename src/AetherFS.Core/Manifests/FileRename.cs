namespace AetherFS.Core.Manifests;

/// <summary>A file that left one path and arrived at another with the same bytes.</summary>
public sealed record FileRename(ManifestEntry From, ManifestEntry To);
