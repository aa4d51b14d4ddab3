namespace AetherFS.Storage.Packs;

/// <summary>One ranged read of a pack: bytes [<see cref="Start"/>, <see cref="Start"/> + <see cref="Length"/>), holding <see cref="Chunks"/> in offset order.</summary>
public sealed record PackRange(string PackId, long Start, long Length, IReadOnlyList<LocatedChunk> Chunks);
