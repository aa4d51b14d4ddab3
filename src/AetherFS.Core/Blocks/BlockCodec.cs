namespace AetherFS.Core.Blocks;

/// <summary>How a stored or transferred block's body is encoded; recorded in its header.</summary>
public enum BlockCodec : byte
{
    Raw = 0,
    Zstd = 1,

    /// <summary>A zstd frame against other blocks, its bases (<see cref="BlockDelta"/>): decoded only with them.</summary>
    Delta = 2,

    /// <summary>
    /// A delta whose bases are named by their place in a version both sides know (<see cref="BlockDelta.Compact"/>):
    /// a transfer form, sent only to a caller that named the version it holds, never stored.
    /// </summary>
    HeldDelta = 3,
}
