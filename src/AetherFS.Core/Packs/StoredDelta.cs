namespace AetherFS.Core.Packs;

/// <summary>
/// A chunk a store keeps as a delta (<see cref="Blocks.BlockDelta"/>, codec 2) rather than as its full payload: the
/// chunks it decodes against (its bases, full chunks: chains are one deep, so a read decodes once), and the length
/// of the full payload it stands for (what a reader without the bases is sent, and what reports count for it).
/// Index segments list these edges so garbage collection keeps every base a live delta needs.
/// </summary>
public sealed record StoredDelta(string Signature, int FullPayloadLength, IReadOnlyList<string> Bases);
