namespace AetherFS.Cli.Infrastructure;

/// <summary>What <c>aetherfs inspect --compare OTHER --json</c> adds: the blocks and bytes shared with OTHER.</summary>
internal sealed record InspectComparison(
    string Reference,
    string Digest,
    int Blocks,
    long Bytes,
    int SharedBlocks,
    long SharedBytes,
    int NewBlocks,
    long NewBytes);
