namespace AetherFS.Protocol.Rest;

/// <summary>
/// What a client that holds one version (<c>from</c>) downloads to get another, counted over the other's distinct
/// blocks: all of them, those <c>from</c> shares (which a client with its blocks cached does not download), and the
/// rest. <c>Bytes</c> are raw; <c>SentBytes</c> are payloads as the hub sends them (compressed, with their block
/// header), which is what a pull counts as downloaded. Without <c>from</c>, nothing is shared: a first pull.
/// A client that tells the hub it holds <c>from</c> (<see cref="FetchBlocksRequest.Have"/>) receives some new blocks
/// as deltas against it: <see cref="DeltaBlocks"/>, <see cref="DeltaSentBytes"/> and <see cref="TransferSentBytes"/>
/// count what it downloads then, <c>NewSentBytes</c> what it would without deltas.
/// </summary>
public sealed record TransferReport(
    string Digest,
    string? From,
    int Blocks,
    long Bytes,
    long SentBytes,
    int SharedBlocks,
    long SharedBytes,
    long SharedSentBytes,
    int NewBlocks,
    long NewBytes,
    long NewSentBytes)
{
    /// <summary>Of the new blocks, those the hub sends a holder of <c>from</c> as deltas (shorter than their stored payloads).</summary>
    public int DeltaBlocks { get; init; }

    /// <summary>The bytes of those deltas, as sent.</summary>
    public long DeltaSentBytes { get; init; }

    /// <summary>What a holder of <c>from</c> downloads: the new blocks, as deltas where the hub sends those, else as stored.</summary>
    public long TransferSentBytes { get; init; }

    /// <summary>
    /// The manifest as a pull gets it: to a holder of <c>from</c>'s manifest, a delta against it when shorter, else the
    /// stored payload (without <c>from</c>, the stored payload). Not counted in the block figures; 0 from older hubs.
    /// </summary>
    public long ManifestSentBytes { get; init; }
}
