namespace AetherFS.Core.Manifests;

/// <summary>How one path differs between two versions.</summary>
public enum FileChangeKind
{
    Added,
    Removed,

    /// <summary>Content, type or symlink target differ.</summary>
    Changed,

    /// <summary>Same size, no file digests to tell, and laid out in different blocks: the bytes must be read to tell.</summary>
    PossiblyChanged,

    /// <summary>Only the mode or modification time differ.</summary>
    MetadataChanged,
}
