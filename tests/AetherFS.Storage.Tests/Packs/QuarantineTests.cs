using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Tests.Packs;

/// <summary>
/// A copy of a block found corrupt is quarantined through the store: every hub sharing it stops reading that copy and
/// reports the block missing, so the next upload of the block repairs it, and the new copy wins.
/// </summary>
public sealed class QuarantineTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _blobs;
    private readonly BlockStore _store;

    public QuarantineTests()
    {
        _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Combine("store"), Fsync = false });
        _store = new BlockStore(_blobs);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ACorruptBlockFoundByARead_IsMissingForEveryHubSharingTheStore_AndNeverServed()
    {
        var blocks = await UploadPackAsync(1, 2, 3);
        await CorruptAsync(blocks[1].Signature);
        var otherHub = new BlockStore(_blobs);
        Assert.Empty(await otherHub.FindMissingAsync(blocks.Select(b => b.Signature).ToList(), None));

        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadAsync(blocks[1].Signature, None));

        await otherHub.RefreshAsync(None);
        foreach (var hub in new[] { _store, otherHub, new BlockStore(_blobs) })
        {
            Assert.Equal([blocks[1].Signature], await hub.FindMissingAsync(blocks.Select(b => b.Signature).ToList(), None));
            Assert.Null(await hub.SizeAsync(blocks[1].Signature, None));
            await Assert.ThrowsAsync<DigestMismatchException>(() => hub.ReadAsync(blocks[1].Signature, None));
            using var intact = await hub.ReadAsync(blocks[2].Signature, None);
            Assert.Equal(blocks[2].Raw, intact!.Memory.ToArray());
        }
    }

    [Fact]
    public async Task ACorruptBlockFoundByAFetchOfManyBlocks_IsQuarantinedToo()
    {
        var blocks = await UploadPackAsync(1, 2, 3);
        await CorruptAsync(blocks[2].Signature);
        // A hub that did not receive the pack itself verifies every block it sends.
        var otherHub = new BlockStore(_blobs);

        await Assert.ThrowsAsync<DigestMismatchException>(() => otherHub.ReadPayloadsAsync(blocks.Select(b => b.Signature).ToList(), (_, _) => Task.CompletedTask, None));

        await _store.RefreshAsync(None);
        Assert.Equal([blocks[2].Signature], await _store.FindMissingAsync(blocks.Select(b => b.Signature).ToList(), None));
    }

    [Fact]
    public async Task AnUploadOfAQuarantinedBlock_Repairs_AndTheGoodCopyWinsEverywhere()
    {
        var blocks = await UploadPackAsync(1, 2, 3);
        await CorruptAsync(blocks[1].Signature);
        await _store.QuarantineAsync([new QuarantinedChunk(PackOf(blocks[1].Signature), blocks[1].Signature)], None);

        await UploadPackAsync(2);

        foreach (var hub in new[] { _store, new BlockStore(_blobs) })
        {
            Assert.Empty(await hub.FindMissingAsync([blocks[1].Signature], None));
            using var repaired = await hub.ReadAsync(blocks[1].Signature, None);
            Assert.Equal(blocks[1].Raw, repaired!.Memory.ToArray());
        }
    }

    [Fact]
    public async Task ASingleBlockUpload_RepairsAQuarantinedBlock()
    {
        var blocks = await UploadPackAsync(1, 2);
        await CorruptAsync(blocks[0].Signature);
        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadPayloadAsync(blocks[0].Signature, None));

        Assert.True(await _store.PutRawAsync(blocks[0].Signature, blocks[0].Raw, None));

        using var repaired = await new BlockStore(_blobs).ReadAsync(blocks[0].Signature, None);
        Assert.Equal(blocks[0].Raw, repaired!.Memory.ToArray());
    }

    [Fact]
    public async Task ABlockThatReadsWellOnASecondLook_IsNotQuarantined()
    {
        var blocks = await UploadPackAsync(1);
        var (key, offset, length) = (await _store.LocationOfAsync(blocks[0].Signature, None))!.Value;
        var path = Path.Join(_temp.Combine("store"), key);
        var good = await File.ReadAllBytesAsync(path);
        var bad = good.ToArray();
        bad[offset + length - 5] ^= 0x10;
        await File.WriteAllBytesAsync(path, bad);

        // The damage lasts for one read only: the second look, straight from the pack, finds the copy intact.
        var store = new BlockStore(new HealingBlobStore(_blobs, () => File.WriteAllBytes(path, good)));
        await Assert.ThrowsAsync<DigestMismatchException>(() => store.ReadAsync(blocks[0].Signature, None));

        Assert.Empty(await new BlockStore(_blobs).FindMissingAsync([blocks[0].Signature], None));
    }

    private string PackOf(string signature) =>
        PackKeys.PackIdOf(_store.LocationOfAsync(signature, None).GetAwaiter().GetResult()!.Value.Key)!;

    private async Task CorruptAsync(string signature)
    {
        var (key, offset, length) = (await _store.LocationOfAsync(signature, None))!.Value;
        var path = Path.Join(_temp.Combine("store"), key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[offset + length - 5] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);
    }

    private async Task<List<(string Signature, byte[] Raw)>> UploadPackAsync(params int[] seeds)
    {
        var blocks = seeds.Select(Block).ToList();
        using var builder = new PackBuilder(_temp.Combine("spool"));
        foreach (var (signature, raw) in blocks)
        {
            using var payload = BlockPayload.Encode(raw, level: 3);
            builder.Add(signature, payload.Span);
        }

        using var pack = builder.Build();
        await using var body = pack.OpenRead();
        await _store.PutPackAsync(body, pack.Id, pushId: null, None);
        return blocks;
    }

    private static (string Signature, byte[] Raw) Block(int seed)
    {
        var raw = new byte[20_000];
        new Random(seed).NextBytes(raw.AsSpan(0, 10_000));
        return (BlockSignature.Compute(raw), raw);
    }

    // A store whose first pack read returns the damaged bytes, and which then repairs the file (a transient fault).
    private sealed class HealingBlobStore(IBlobStore inner, Action heal) : IBlobStore
    {
        private int _reads;

        public Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

        public async Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
        {
            var content = await inner.OpenReadAsync(key, offset, length, cancellationToken);
            if (key.StartsWith(PackKeys.PackPrefix, StringComparison.Ordinal) && Interlocked.Increment(ref _reads) == 1 && content is not null)
            {
                var bytes = new byte[content.Length];
                await content.Stream.ReadExactlyAsync(bytes, cancellationToken);
                await content.DisposeAsync();
                heal();
                return new BlobContent(new MemoryStream(bytes), bytes.Length, content.TotalSize);
            }

            return content;
        }

        public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => inner.PutAsync(key, content, cancellationToken);

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

        public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);
    }
}
