namespace AetherFS.Core.Blocks;

/// <summary>How a stored or transferred block's body is encoded; recorded in its header.</summary>
public enum BlockCodec : byte
{
    Raw = 0,
    Zstd = 1,

    /// <summary>A zstd frame against other blocks, its bases (<see cref="BlockDelta"/>): decoded only with them.</summary>
    Delta = 2,
}
