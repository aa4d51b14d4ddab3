namespace AetherFS.Client.Peers;

/// <summary>A peer that could not serve a batch: unreachable, refused, too slow, or cut its answer short.</summary>
public sealed class PeerFailedException(Uri peer, string reason, Exception? inner = null)
    : Exception($"peer {peer} {reason}", inner)
{
    public Uri Peer { get; } = peer;
}
