using System.Security.Cryptography;
using AetherFS.Core.Blocks;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;

namespace AetherFS.Storage.Tests.Blocks;

public sealed class BlockStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly LocalBlobStore _blobs;
    private readonly BlockStore _store;

    public BlockStoreTests()
    {
        _blobs = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false });
        _store = new BlockStore(_blobs);
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Where a stored block's payload lies on disk: its pack file, offset and length.</summary>
    private async Task<(string Path, int Offset, int Length)> PayloadOnDiskAsync(string signature)
    {
        var (key, offset, length) = (await _store.LocationOfAsync(signature, CancellationToken.None))!.Value;
        return (Path.Join(_temp.Path, key), (int)offset, length);
    }

    [Fact]
    public void KeyOf_SplitsSignatureAfterTwoCharacters()
    {
        var signature = BlockSignature.Compute([1, 2, 3]);

        Assert.Equal($"blocks/{signature[..2]}/{signature[2..]}", BlockStore.KeyOf(signature));
    }

    [Fact]
    public async Task Put_ThenRead_ReturnsVerifiedBytes()
    {
        var data = RandomNumberGenerator.GetBytes(5000);
        var signature = BlockSignature.Compute(data);

        Assert.True(await _store.PutRawAsync(signature, data, CancellationToken.None));
        using var block = await _store.ReadAsync(signature, CancellationToken.None);

        Assert.NotNull(block);
        Assert.Equal(data, block.Memory.ToArray());
        Assert.Equal(signature, block.Signature);
        Assert.Equal(5000, await _store.SizeAsync(signature, CancellationToken.None));
    }

    [Fact]
    public async Task Put_StoresAPackAndAnIndexSegment_NotAnObjectPerBlock()
    {
        var data = RandomNumberGenerator.GetBytes(10);
        var signature = BlockSignature.Compute(data);

        await _store.PutRawAsync(signature, data, CancellationToken.None);

        // A raw upload is kept as a raw-codec payload (the 12-byte header, then the bytes) inside a pack of one.
        var (path, offset, length) = await PayloadOnDiskAsync(signature);
        var stored = File.ReadAllBytes(path).AsSpan(offset, length).ToArray();
        Assert.Equal(data, stored[BlockPayload.HeaderSize..]);
        Assert.Equal("AFSB"u8.ToArray(), stored[..4]);
        Assert.StartsWith(Path.Join(_temp.Path, "packs"), path);
        Assert.Single(Directory.GetFiles(Path.Join(_temp.Path, "index")));
        Assert.False(Directory.Exists(Path.Join(_temp.Path, "blocks")));
    }

    [Fact]
    public async Task AnotherStoreOnTheSameBlobs_FindsTheBlock_AfterARefresh()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        var signature = BlockSignature.Compute(data);
        var other = new BlockStore(_blobs);
        Assert.Equal([signature], await other.FindMissingAsync([signature], CancellationToken.None));

        await _store.PutRawAsync(signature, data, CancellationToken.None);

        // Without a refresh the other hub may still say missing (the block would be stored twice, never lost).
        await other.RefreshAsync(CancellationToken.None);
        Assert.Empty(await other.FindMissingAsync([signature], CancellationToken.None));
        using var read = await other.ReadAsync(signature, CancellationToken.None);
        Assert.Equal(data, read!.Memory.ToArray());
    }

    [Fact]
    public async Task Put_RefusesBytesThatDoNotHashToTheSignature()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        var signature = BlockSignature.Compute(RandomNumberGenerator.GetBytes(100));

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.PutRawAsync(signature, data, CancellationToken.None));

        Assert.Equal(signature, e.Expected);
        Assert.Null(await _store.SizeAsync(signature, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Join(_temp.Path, "packs")));
    }

    [Fact]
    public async Task Put_OfAPresentBlockKeepsItAndReturnsFalse()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        var signature = BlockSignature.Compute(data);

        Assert.True(await _store.PutRawAsync(signature, data, CancellationToken.None));
        Assert.False(await _store.PutRawAsync(signature, data, CancellationToken.None));
        using var block = await _store.ReadAsync(signature, CancellationToken.None);
        Assert.Equal(data, block!.Memory.ToArray());
    }

    [Fact]
    public async Task Read_IsNullForAbsentBlock()
    {
        Assert.Null(await _store.ReadAsync(BlockSignature.Compute([9]), CancellationToken.None));
        Assert.Null(await _store.SizeAsync(BlockSignature.Compute([9]), CancellationToken.None));
    }

    [Fact]
    public async Task Read_DetectsBlockCorruptedOnDisk()
    {
        var data = RandomNumberGenerator.GetBytes(2048);
        var signature = BlockSignature.Compute(data);
        await _store.PutRawAsync(signature, data, CancellationToken.None);
        var (onDisk, offset, _) = await PayloadOnDiskAsync(signature);
        var stored = File.ReadAllBytes(onDisk);
        stored[offset + BlockPayload.HeaderSize + 1000] ^= 0xFF;
        File.WriteAllBytes(onDisk, stored);

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadAsync(signature, CancellationToken.None));

        var corrupted = (byte[])data.Clone();
        corrupted[1000] ^= 0xFF;
        Assert.Equal(signature, e.Expected);
        Assert.Equal(BlockSignature.Compute(corrupted), e.Actual);
    }

    [Fact]
    public async Task Put_OfABlockWhoseStoredCopyIsCorrupt_RepairsIt()
    {
        var data = RandomNumberGenerator.GetBytes(2048);
        var signature = BlockSignature.Compute(data);
        await _store.PutRawAsync(signature, data, CancellationToken.None);
        var (onDisk, offset, _) = await PayloadOnDiskAsync(signature);
        var stored = File.ReadAllBytes(onDisk);
        stored[offset + BlockPayload.HeaderSize + 7] ^= 0xFF;
        File.WriteAllBytes(onDisk, stored);

        var created = await _store.PutRawAsync(signature, data, CancellationToken.None);

        Assert.True(created);
        using var read = await _store.ReadAsync(signature, CancellationToken.None);
        Assert.Equal(data, read!.Memory.ToArray());
    }

    [Fact]
    public async Task Put_OfAnIntactBlockAlreadyStored_KeepsIt()
    {
        var data = RandomNumberGenerator.GetBytes(2048);
        var signature = BlockSignature.Compute(data);
        await _store.PutRawAsync(signature, data, CancellationToken.None);

        Assert.False(await _store.PutRawAsync(signature, data, CancellationToken.None));
    }

    [Fact]
    public async Task Read_DetectsTruncatedBlock()
    {
        var data = RandomNumberGenerator.GetBytes(2048);
        var signature = BlockSignature.Compute(data);
        await _store.PutRawAsync(signature, data, CancellationToken.None);
        var (onDisk, offset, _) = await PayloadOnDiskAsync(signature);
        File.WriteAllBytes(onDisk, File.ReadAllBytes(onDisk)[..(offset + 100)]);

        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadAsync(signature, CancellationToken.None));
    }

    [Fact]
    public async Task FindMissing_ReturnsExactlyTheAbsentOnesInOrder()
    {
        var present = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var data = RandomNumberGenerator.GetBytes(64);
            present.Add(BlockSignature.Compute(data));
            await _store.PutRawAsync(present[^1], data, CancellationToken.None);
        }

        var absent = Enumerable.Range(0, 4).Select(i => BlockSignature.Compute([(byte)i])).ToList();
        string[] query = [absent[2], present[0], absent[0], present[3], absent[3], absent[1], present[4]];

        var missing = await _store.FindMissingAsync(query, CancellationToken.None);

        Assert.Equal([absent[2], absent[0], absent[3], absent[1]], missing);
    }

    [Fact]
    public async Task FindMissing_ListsARepeatedAbsentSignatureOnce()
    {
        var absent = BlockSignature.Compute([42]);

        Assert.Equal([absent], await _store.FindMissingAsync([absent, absent, absent], CancellationToken.None));
    }

    [Fact]
    public async Task FindMissing_CountsAnEmptyLooseObjectAsMissing_AndTheNextUploadRepairsIt()
    {
        // What a writer killed mid-PUT left, before packs, on a server without atomic PUTs (s3rver).
        var data = RandomNumberGenerator.GetBytes(1000);
        var signature = BlockSignature.Compute(data);
        await _blobs.PutAsync(BlockStore.KeyOf(signature), ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        await _store.Catalog.RefreshAsync(CancellationToken.None);

        Assert.Equal([signature], await _store.FindMissingAsync([signature], CancellationToken.None));
        Assert.True(await _store.PutRawAsync(signature, data, CancellationToken.None));

        Assert.Empty(await _store.FindMissingAsync([signature], CancellationToken.None));
        using var block = await _store.ReadAsync(signature, CancellationToken.None);
        Assert.Equal(data, block!.Memory.ToArray());
    }

    [Fact]
    public async Task FindMissing_OfNothingIsEmpty()
    {
        Assert.Empty(await _store.FindMissingAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task FindMissing_HandlesManySignatures()
    {
        var signatures = Enumerable.Range(0, 200).Select(i => BlockSignature.Compute(BitConverter.GetBytes(i))).ToList();
        for (var i = 0; i < 200; i += 2)
        {
            await _store.PutRawAsync(signatures[i], BitConverter.GetBytes(i), CancellationToken.None);
        }

        var missing = await _store.FindMissingAsync(signatures, CancellationToken.None);

        Assert.Equal(signatures.Where((_, i) => i % 2 == 1), missing);
    }
}
