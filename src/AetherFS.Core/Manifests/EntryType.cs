namespace AetherFS.Core.Manifests;

/// <summary>What a manifest entry is; only files contribute bytes to the packed stream.</summary>
public enum EntryType
{
    File,
    Directory,
    Symlink,
}
