namespace AetherFS.Mount.Trees;

/// <summary>One child of a directory listing: its name and node.</summary>
public readonly record struct TreeEntry(string Name, TreeNode Node);
