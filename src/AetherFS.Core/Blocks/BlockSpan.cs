namespace AetherFS.Core.Blocks;

/// <summary>A piece of one block: <paramref name="Length"/> bytes from <paramref name="Offset"/> within block <paramref name="Index"/>.</summary>
public readonly record struct BlockSpan(int Index, int Offset, int Length);
