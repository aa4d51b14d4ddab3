namespace AetherFS.Protocol.Rest;

/// <summary>
/// Asks for many blocks in one response (<see cref="ApiPaths.FetchBlocks"/>): the hub reads them from its packs in
/// few ranged reads and answers a stream of records, each as in a pack (SHA-256, payload length, payload), in an
/// order of its choosing.
/// </summary>
public sealed record FetchBlocksRequest(IReadOnlyList<string> Signatures)
{
    public const int MaxSignatures = 4096;
    public const string MediaType = "application/vnd.aetherfs.blocks";
}
