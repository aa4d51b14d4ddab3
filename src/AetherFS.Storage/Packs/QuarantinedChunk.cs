namespace AetherFS.Storage.Packs;

/// <summary>One copy of a chunk found corrupt: the chunk <paramref name="Signature"/> inside pack <paramref name="PackId"/> (other copies stay good).</summary>
public sealed record QuarantinedChunk(string PackId, string Signature);
