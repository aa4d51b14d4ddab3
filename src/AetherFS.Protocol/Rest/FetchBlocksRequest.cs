namespace AetherFS.Protocol.Rest;

/// <summary>
/// Asks for many blocks in one response (<see cref="ApiPaths.FetchBlocks"/>): the hub reads them from its packs in
/// few ranged reads and answers a stream of records, each as in a pack (SHA-256, payload length, payload), in an
/// order of its choosing.
/// </summary>
/// <remarks>
/// <see cref="Have"/> names a version (manifest digest) whose blocks the caller holds, raw, at hand: its cache or its
/// copy of that version on disk; <see cref="Version"/> the version the asked-for blocks belong to, which tells the hub
/// where each block lies (its path and offset) and so which of the held blocks make good bases. With both, the hub
/// may answer a block as a delta (codec 2, <c>BlockDelta</c>) whose bases
/// are all blocks of that manifest, wherever the delta is smaller than the block's stored payload. Without it, or
/// when the caller may not read that version or the hub lacks it, every payload is a full one (codec 0 or 1), as
/// before deltas; old clients never see one.
/// </remarks>
public sealed record FetchBlocksRequest(IReadOnlyList<string> Signatures)
{
    public const int MaxSignatures = 4096;
    public const string MediaType = "application/vnd.aetherfs.blocks";

    /// <summary>A manifest digest (<c>sha256:...</c>) whose blocks the caller holds; null: it takes full payloads only.</summary>
    public string? Have { get; init; }

    /// <summary>The manifest digest the asked-for blocks belong to; deltas are only considered with it.</summary>
    public string? Version { get; init; }
}
