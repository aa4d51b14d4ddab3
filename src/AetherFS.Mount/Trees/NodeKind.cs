namespace AetherFS.Mount.Trees;

/// <summary>What a node of a mounted tree is.</summary>
public enum NodeKind
{
    File,
    Directory,
    Symlink,
}
