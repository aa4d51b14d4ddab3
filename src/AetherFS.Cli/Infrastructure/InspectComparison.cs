namespace AetherFS.Cli.Infrastructure;

/// <summary>What <c>aetherfs inspect --compare OTHER --json</c> adds: the blocks and bytes shared with OTHER.</summary>
/// <param name="NewSentBytes">The new blocks compressed, as the hub sends them: what a pull downloads after one of OTHER.</param>
internal sealed record InspectComparison(
    string Reference,
    string Digest,
    int Blocks,
    long Bytes,
    int SharedBlocks,
    long SharedBytes,
    int NewBlocks,
    long NewBytes,
    long NewSentBytes);
