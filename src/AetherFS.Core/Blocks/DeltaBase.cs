namespace AetherFS.Core.Blocks;

/// <summary>A block a delta is decoded against: its signature and raw size, as the delta records them.</summary>
public readonly record struct DeltaBase(string Signature, int Size);
