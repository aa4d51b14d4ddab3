namespace AetherFS.Protocol.Rest;

/// <summary>
/// What a client that holds one version (<c>from</c>) downloads to get another, counted over the other's distinct
/// blocks: all of them, those <c>from</c> shares (which a client with its blocks cached does not download), and the
/// rest. <c>Bytes</c> are raw; <c>SentBytes</c> are payloads as the hub sends them (compressed, with their block
/// header), which is what a pull counts as downloaded. Without <c>from</c>, nothing is shared: a first pull.
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
    long NewSentBytes);
