namespace AetherFS.Core.Packs;

/// <summary>
/// One chunk inside a pack: its signature, where its payload (a <see cref="Blocks.BlockPayload"/>) starts, the
/// payload's length, and the raw length the payload decodes to.
/// </summary>
public readonly record struct PackChunk(string Signature, long Offset, int PayloadLength, int RawLength);
