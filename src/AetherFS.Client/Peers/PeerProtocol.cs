namespace AetherFS.Client.Peers;

/// <summary>
/// What agents say to each other. One endpoint: a batch of blocks in, the records a peer holds (or fetched from the
/// hub as their owner) out, in the hub's batch format, so one reader serves both. A peer never asks another peer for
/// a block it lacks: one hop, so lists that disagree during a rolling restart cannot make requests go round in loops.
/// </summary>
public static class PeerProtocol
{
    public const string BlocksPath = "/peer/v1/blocks";

    /// <summary>Each request names the agent that sent it: an agent that receives its own id learns its own address.</summary>
    public const string PeerIdHeader = "X-AetherFS-Peer-Id";

    /// <summary>The most blocks one request may name: 512 blocks of 64 KiB are 32 MiB, a pack's worth.</summary>
    public const int MaxBlocks = 512;

    /// <summary>The largest request body a peer reads: 512 signatures and sizes in JSON take about 45 KiB.</summary>
    public const int MaxRequestBytes = 128 * 1024;

    /// <summary>The shortest cluster token accepted: long enough that guessing it is no attack.</summary>
    public const int MinTokenLength = 16;
}
