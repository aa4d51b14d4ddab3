namespace AetherFS.Client.Peers;

/// <summary>
/// The body of <see cref="PeerProtocol.BlocksPath"/>: the blocks one agent asks a peer for, with their sizes (a peer
/// that fetches one from the hub for it needs the size to bound and verify the payload).
/// </summary>
public sealed record PeerBlocksRequest(IReadOnlyList<PeerBlock> Blocks)
{
    /// <summary>Only what the peer holds now: it fetches nothing from the hub (asked when the asker's hub is down).</summary>
    public bool CachedOnly { get; init; }
}
