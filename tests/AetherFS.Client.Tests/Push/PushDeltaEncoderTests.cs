using AetherFS.Client.Caching;
using AetherFS.Client.Push;
using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Manifests;
using AetherFS.Testing;

namespace AetherFS.Client.Tests.Push;

public sealed class PushDeltaEncoderTests : IDisposable
{
    private static readonly DateTime When = new(2026, 11, 30, 5, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task ABlockLikeItsBase_GoesAsTheSmallestDelta_ThatDecodesBackToIt()
    {
        var (v1, cache) = await HeldAsync(Text(1), Text(2), Text(3));
        var encoder = new PushDeltaEncoder(new StreamDeltaBaseFinder(v1, [File("f", 3 * 65536)]), cache, level: 3);
        var raw = Edited(Text(2));

        var candidates = encoder.CandidatesFor(65536, raw.Length);
        var bases = await encoder.ReadBasesAsync(candidates.SelectMany(c => c), CancellationToken.None);
        using var payload = encoder.Encode(raw, candidates, bases);

        Assert.Equal(2, candidates.Count);
        Assert.NotNull(payload.Delta);
        Assert.True(payload.Delta.Length * 10 < payload.Full.Length, $"{payload.Delta.Length} B as a delta, {payload.Full.Length} B full");
        Assert.True(BlockDelta.IsDelta(payload.Sent));
        // Against the single block it changed, the smaller of the two candidates: one base named.
        Assert.Single(BlockDelta.ReadBases(payload.Delta.Span, BlockSignature.Compute(raw)));
        using var decoded = await encoder.DecodeAsync(BlockSignature.Compute(raw), payload.Delta.Memory, CancellationToken.None);
        Assert.Equal(raw, decoded.Memory.ToArray());
        using var full = BlockPayload.Decode(payload.Full.Span, BlockSignature.Compute(raw));
        Assert.Equal(raw, full.Memory.ToArray());
        Dispose(bases);
    }

    [Fact]
    public async Task ABlockUnlikeItsBases_GoesFull()
    {
        var (v1, cache) = await HeldAsync(Text(1));
        var encoder = new PushDeltaEncoder(new StreamDeltaBaseFinder(v1, [File("f", 65536)]), cache, level: 3);
        var raw = Text(99);

        var candidates = encoder.CandidatesFor(0, raw.Length);
        var bases = await encoder.ReadBasesAsync(candidates.SelectMany(c => c), CancellationToken.None);
        using var payload = encoder.Encode(raw, candidates, bases);

        Assert.Single(candidates);
        Assert.Null(payload.Delta);
        Assert.False(BlockDelta.IsDelta(payload.Sent));
        Dispose(bases);
    }

    [Fact]
    public async Task BasesThisMachineDoesNotHold_AreNoCandidates_AndWithoutAPreviousVersionThereAreNone()
    {
        var (v1, cache) = await HeldAsync(Text(1), Text(2));
        var missing = new ManifestIndex(v1.Digest, new Manifest(ChunkingParameters.Default, v1.Manifest.Entries, [v1.Manifest.Blocks[0], new BlockRef(BlockSignature.Compute(Text(7)), 65536)]));

        var candidates = new PushDeltaEncoder(new StreamDeltaBaseFinder(missing, [File("f", 2 * 65536)]), cache, 3).CandidatesFor(0, 65536);

        // The window names a block the cache lacks; the block at the position alone remains.
        Assert.Equal([[v1.Manifest.Blocks[0].Signature]], candidates.Select(c => c.Select(b => b.Signature)));
        Assert.Empty(new PushDeltaEncoder(null, cache, 3).CandidatesFor(0, 65536));
    }

    [Fact]
    public async Task ADeltaWhoseBaseLeftTheCache_DoesNotDecode()
    {
        var (v1, cache) = await HeldAsync(Text(1));
        var encoder = new PushDeltaEncoder(new StreamDeltaBaseFinder(v1, [File("f", 65536)]), cache, level: 3);
        var raw = Edited(Text(1));
        var candidates = encoder.CandidatesFor(0, raw.Length);
        var bases = await encoder.ReadBasesAsync(candidates.SelectMany(c => c), CancellationToken.None);
        using var payload = encoder.Encode(raw, candidates, bases);
        Dispose(bases);

        var elsewhere = new PushDeltaEncoder(null, new DiskBlockCache(_root.Combine("other"), 1L << 30), 3);

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => elsewhere.DecodeAsync(BlockSignature.Compute(raw), payload.Delta!.Memory, CancellationToken.None));
        Assert.Contains("left the cache", e.Message, StringComparison.Ordinal);
    }

    // A version of one file whose blocks are the given ones, all in a cache.
    private async Task<(ManifestIndex Version, DiskBlockCache Cache)> HeldAsync(params byte[][] blocks)
    {
        var cache = new DiskBlockCache(_root.Combine("cache"), 1L << 30);
        foreach (var block in blocks)
        {
            using var payload = BlockPayload.Encode(block, 3);
            await cache.PutAsync(BlockSignature.Compute(block), payload.Memory, CancellationToken.None);
        }

        var manifest = new Manifest(ChunkingParameters.Default, [File("f", blocks.Sum(b => (long)b.Length))], [.. blocks.Select(b => new BlockRef(BlockSignature.Compute(b), b.Length))]);
        return (new ManifestIndex("sha256:" + new string('1', 64), manifest), cache);
    }

    private static void Dispose(Dictionary<string, PooledBlock> bases)
    {
        foreach (var block in bases.Values)
        {
            block.Dispose();
        }
    }

    private static ManifestEntry File(string path, long size) => new(path, EntryType.File, size, 420, When);

    // 64 KiB of record-like text, different for each seed.
    private static byte[] Text(int seed)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder();
        while (text.Length < 65536)
        {
            text.Append($"{{\"id\":{random.Next()},\"score\":{random.Next(1000)}}}\n");
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString()[..65536]);
    }

    private static byte[] Edited(byte[] raw)
    {
        var edited = raw.ToArray();
        for (var i = 0; i < edited.Length; i += 2048)
        {
            edited[i] = (byte)'#';
        }

        return edited;
    }
}
