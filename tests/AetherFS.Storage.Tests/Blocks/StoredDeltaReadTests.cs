using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Storage.Tests.Blocks;

/// <summary>Blocks stored as deltas, read by callers without their bases: full payloads, at the cost of few requests.</summary>
public sealed class StoredDeltaReadTests : IDisposable
{
    private const int Blocks = 40;
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _blobs;

    public StoredDeltaReadTests() => _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Combine("store"), Fsync = false });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AFetchOfBlocksStoredAsDeltas_ReadsTheirBasesInCoalescedRanges_AndSendsFullPayloads()
    {
        var edited = await StoreTwoVersionsAsync();

        // Another hub, cold: nothing in memory.
        var counting = new CountingBlobStore(_blobs);
        var reader = new BlockStore(counting);
        await reader.RefreshAsync(CancellationToken.None);
        counting.Reads = 0;
        var received = new Dictionary<string, byte[]>();

        var missing = await reader.ReadPayloadsAsync([.. edited.Keys], (signature, payload) =>
        {
            Assert.False(BlockDelta.IsDelta(payload.Span));
            using var block = BlockPayload.Decode(payload.Span, signature);
            received[signature] = block.Memory.ToArray();
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Empty(missing);
        Assert.Equal(edited.Count, received.Count);
        Assert.All(edited, e => Assert.Equal(e.Value, received[e.Key]));
        // The deltas' pack and the bases' pack, a range each: not one request per base (41 without the bases read first).
        Assert.Equal(2, counting.Reads);
    }

    [Fact]
    public async Task AFetchByAHolderOfTheBases_GetsTheStoredDeltas_AndReadsNoBase()
    {
        var edited = await StoreTwoVersionsAsync();
        var counting = new CountingBlobStore(_blobs);
        var reader = new BlockStore(counting);
        await reader.RefreshAsync(CancellationToken.None);
        counting.Reads = 0;
        var deltas = 0;

        await reader.ReadPayloadsAsync([.. edited.Keys], (signature, payload) =>
        {
            deltas += BlockDelta.IsDelta(payload.Span) ? 1 : 0;
            return Task.CompletedTask;
        }, CancellationToken.None, passDelta: (_, _) => true);

        Assert.Equal(edited.Count, deltas);
        Assert.Equal(1, counting.Reads);
    }

    // v1: Blocks full blocks in one pack; v2: each edited a little, uploaded as a delta against its v1 block in another.
    private async Task<Dictionary<string, byte[]>> StoreTwoVersionsAsync()
    {
        var writer = new BlockStore(_blobs);
        var originals = Enumerable.Range(0, Blocks).Select(DeltaTestBlocks.Block).ToList();
        await PutPackAsync(writer, originals.Select(o =>
        {
            using var payload = BlockPayload.Encode(o.Raw, 3);
            return (o.Signature, payload.Memory.ToArray());
        }));
        var edited = new Dictionary<string, byte[]>();
        await PutPackAsync(writer, originals.Select(o =>
        {
            var raw = o.Raw.ToArray();
            raw[raw.Length / 2] = (byte)'#';
            var signature = BlockSignature.Compute(raw);
            edited[signature] = raw;
            using var delta = BlockDelta.Encode(raw, [new DeltaBase(o.Signature, o.Raw.Length)], o.Raw, 3, 1 << 20)!;
            return (signature, delta.Memory.ToArray());
        }).ToList());
        Assert.All(edited.Keys, s => Assert.NotNull(writer.Catalog.DeltaOf(Sha256Key.Parse(s))));
        return edited;
    }

    private Task PutPackAsync(BlockStore store, IEnumerable<(string Signature, byte[] Payload)> records) =>
        DeltaTestBlocks.PutPackAsync(store, _temp.Combine("spool"), records);
}
