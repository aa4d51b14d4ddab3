using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Storage.Tests.Blocks;

/// <summary>Blocks that deltas shrink well (text of 16 letters) and packs of them uploaded to a store, for the delta tests.</summary>
public static class DeltaTestBlocks
{
    /// <summary>32 KiB of letters from a seeded generator, with its signature.</summary>
    public static (string Signature, byte[] Raw) Block(int seed)
    {
        var random = new Random(seed);
        var raw = new byte[32 * 1024];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (byte)('a' + random.Next(16));
        }

        return (BlockSignature.Compute(raw), raw);
    }

    /// <summary>Uploads the records (full payloads or deltas) to <paramref name="store"/> as one pack, as a client does.</summary>
    public static async Task<VerifiedPack> PutPackAsync(BlockStore store, string spool, IEnumerable<(string Signature, byte[] Payload)> records)
    {
        using var builder = new PackBuilder(spool);
        foreach (var (signature, payload) in records)
        {
            builder.Add(signature, payload, BlockPayload.ReadHeader(payload, signature, BlockDelta.MaxRawBytes).RawLength);
        }

        using var pack = builder.Build();
        await using var body = pack.OpenRead();
        return await store.PutPackAsync(body, pack.Id, pushId: null, CancellationToken.None);
    }
}
