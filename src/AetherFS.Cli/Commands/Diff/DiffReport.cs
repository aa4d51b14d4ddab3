using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands.Diff;

/// <summary>What <c>aetherfs diff A B --json</c> prints: the two versions, their file changes, and the blocks a pull of B after A moves.</summary>
/// <param name="TransferBytes">What a pull of B downloads when A's blocks are at hand: B's distinct blocks not in A, as the hub sends them to a holder of A (deltas against A's blocks where shorter, else compressed payloads).</param>
internal sealed record DiffReport(
    DiffVersion From,
    DiffVersion To,
    DiffFileCounts Files,
    TransferReport Blocks,
    long TransferBytes,
    IReadOnlyList<DiffEntry> Changes);
