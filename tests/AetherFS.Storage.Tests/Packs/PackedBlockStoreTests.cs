using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Storage.Tests.Packs;

/// <summary>Blocks stored in uploaded packs: read one by one and many at once across packs, and damage inside a pack.</summary>
public sealed class PackedBlockStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _blobs;
    private readonly BlockStore _store;

    public PackedBlockStoreTests()
    {
        _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Combine("store"), Fsync = false });
        _store = new BlockStore(_blobs);
    }

    public void Dispose() => _temp.Dispose();

    private static (string Signature, byte[] Raw) Block(int seed, int length = 20_000)
    {
        var raw = new byte[length];
        new Random(seed).NextBytes(raw.AsSpan(0, length / 2));
        return (BlockSignature.Compute(raw), raw);
    }

    // Uploads a pack of the blocks, as a push does; the blocks it stored.
    private async Task<List<(string Signature, byte[] Raw)>> UploadPackAsync(params int[] seeds)
    {
        var blocks = seeds.Select(s => Block(s)).ToList();
        using var builder = new PackBuilder(_temp.Combine("spool"));
        foreach (var (signature, raw) in blocks)
        {
            using var payload = BlockPayload.Encode(raw, level: 3);
            builder.Add(signature, payload.Span);
        }

        using var pack = builder.Build();
        await using var body = pack.OpenRead();
        var stored = await _store.PutPackAsync(body, pack.Id, pushId: null, CancellationToken.None);
        Assert.Equal(pack.Id, stored.Id);
        return blocks;
    }

    [Fact]
    public async Task ManyBlocksAcrossPacks_ReadInFewRanges_EachOnceAndVerified()
    {
        var blocks = (await UploadPackAsync(1, 2, 3, 4)).Concat(await UploadPackAsync(5, 6, 7)).ToList();
        var asked = blocks.Select(b => b.Signature).Reverse().Append(blocks[0].Signature).Append(BlockSignature.Compute([42])).ToList();
        var received = new Dictionary<string, byte[]>();

        var missing = await _store.ReadPayloadsAsync(asked, (signature, payload) =>
        {
            received.Add(signature, payload.ToArray());
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal([BlockSignature.Compute([42])], missing);
        Assert.Equal(blocks.Count, received.Count);
        foreach (var (signature, raw) in blocks)
        {
            using var decoded = BlockPayload.Decode(received[signature], signature);
            Assert.Equal(raw, decoded.Memory.ToArray());
        }
    }

    [Fact]
    public async Task AFlippedByteInsideAPack_IsReportedForThatBlockOnly_AndNeverServed()
    {
        var blocks = await UploadPackAsync(1, 2, 3);
        var (key, offset, length) = (await _store.LocationOfAsync(blocks[1].Signature, CancellationToken.None))!.Value;
        var path = Path.Join(_temp.Combine("store"), key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[offset + length - 5] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadAsync(blocks[1].Signature, CancellationToken.None));
        Assert.Equal(blocks[1].Signature, e.Expected);
        // The read quarantined the damaged copy: no hub sends it again, not even the one that received the pack whole.
        await Assert.ThrowsAsync<DigestMismatchException>(() => new BlockStore(_blobs).ReadPayloadsAsync([blocks[0].Signature, blocks[1].Signature], (_, _) => Task.CompletedTask, CancellationToken.None));
        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadPayloadsAsync([blocks[1].Signature], (_, _) => Task.CompletedTask, CancellationToken.None));
        using var first = await _store.ReadAsync(blocks[0].Signature, CancellationToken.None);
        using var third = await _store.ReadAsync(blocks[2].Signature, CancellationToken.None);
        Assert.Equal(blocks[0].Raw, first!.Memory.ToArray());
        Assert.Equal(blocks[2].Raw, third!.Memory.ToArray());
    }

    [Fact]
    public async Task APackWhoseBytesDoNotMatchItsName_IsRefused_AndNothingIsStored()
    {
        var (signature, raw) = Block(1);
        using var builder = new PackBuilder(_temp.Combine("spool"));
        using var payload = BlockPayload.Encode(raw, level: 3);
        builder.Add(signature, payload.Span);
        using var pack = builder.Build();
        await using var body = pack.OpenRead();

        await Assert.ThrowsAsync<InvalidDataException>(() => _store.PutPackAsync(body, new string('0', 64), pushId: null, CancellationToken.None));

        Assert.Equal([signature], await new BlockStore(_blobs).FindMissingAsync([signature], CancellationToken.None));
        Assert.False(Directory.Exists(_temp.Combine("store/packs")));
    }
}
