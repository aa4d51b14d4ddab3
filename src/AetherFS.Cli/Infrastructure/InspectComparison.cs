namespace AetherFS.Cli.Infrastructure;

/// <summary>What <c>aetherfs inspect --compare OTHER --json</c> adds: the blocks and bytes shared with OTHER.</summary>
/// <param name="NewSentBytes">The new blocks compressed, as stored: what a pull downloads after one of OTHER without deltas.</param>
/// <param name="DeltaBlocks">Of the new blocks, those the hub sends a holder of OTHER as deltas against its blocks.</param>
/// <param name="TransferBytes">What a pull downloads after one of OTHER: deltas where shorter, else the compressed blocks.</param>
internal sealed record InspectComparison(
    string Reference,
    string Digest,
    int Blocks,
    long Bytes,
    int SharedBlocks,
    long SharedBytes,
    int NewBlocks,
    long NewBytes,
    long NewSentBytes,
    int DeltaBlocks,
    long TransferBytes);
