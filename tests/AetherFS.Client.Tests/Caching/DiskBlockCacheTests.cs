using System.Security.Cryptography;
using AetherFS.Client.Caching;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Testing;

namespace AetherFS.Client.Tests.Caching;

public sealed class DiskBlockCacheTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Put_ThenRead_ReturnsTheVerifiedBlock()
    {
        var cache = new DiskBlockCache(_root.Path, 1024 * 1024);
        var (block, payload, data) = Block(1000, 1);

        await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        using var read = await cache.TryReadAsync(block, CancellationToken.None);

        Assert.Equal(data, read!.Memory.ToArray());
    }

    [Fact]
    public async Task Budget_EvictsTheLeastRecentlyUsedFirst()
    {
        var (a, pa, _) = Block(4000, 1);
        var (b, pb, _) = Block(4000, 2);
        var (c, pc, _) = Block(4000, 3);
        var cache = new DiskBlockCache(_root.Path, pa.Length + pb.Length + 100);
        await cache.PutAsync(a.Signature, pa, CancellationToken.None);
        await cache.PutAsync(b.Signature, pb, CancellationToken.None);
        (await cache.TryReadAsync(a, CancellationToken.None))!.Dispose(); // a is now more recent than b

        await cache.PutAsync(c.Signature, pc, CancellationToken.None);

        Assert.True(cache.Contains(a.Signature));
        Assert.False(cache.Contains(b.Signature));
        Assert.True(cache.Contains(c.Signature));
        Assert.True(cache.UsedBytes <= cache.BudgetBytes);
        Assert.False(File.Exists(Path.Join(_root.Path, "blocks", b.Signature[..2], b.Signature[2..])));
    }

    [Fact]
    public async Task PinnedBlocks_AreNeverEvicted()
    {
        var (a, pa, _) = Block(4000, 1);
        var (b, pb, _) = Block(4000, 2);
        var cache = new DiskBlockCache(_root.Path, pa.Length + 10);
        await cache.PutAsync(a.Signature, pa, CancellationToken.None);
        cache.Pin([a.Signature]);

        await cache.PutAsync(b.Signature, pb, CancellationToken.None);

        Assert.True(cache.Contains(a.Signature));
        Assert.False(cache.Contains(b.Signature));
    }

    [Fact]
    public async Task Budget_HoldsUnderChurn()
    {
        var cache = new DiskBlockCache(_root.Path, 64 * 1024);
        for (var i = 0; i < 200; i++)
        {
            var (block, payload, _) = Block(3000 + i, i);
            await cache.PutAsync(block.Signature, payload, CancellationToken.None);
            Assert.True(cache.UsedBytes <= cache.BudgetBytes, $"{cache.UsedBytes} bytes after put {i}");
        }

        var onDisk = Directory.EnumerateFiles(Path.Join(_root.Path, "blocks"), "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= cache.BudgetBytes, $"{onDisk} bytes on disk");
    }

    [Fact]
    public async Task ANewProcess_FindsTheCachedBlocksAndTheirSizes()
    {
        var (block, payload, _) = Block(5000, 7);
        await new DiskBlockCache(_root.Path, 1024 * 1024).PutAsync(block.Signature, payload, CancellationToken.None);

        var reopened = new DiskBlockCache(_root.Path, 1024 * 1024);

        Assert.True(reopened.Contains(block.Signature));
        Assert.Equal(payload.Length, reopened.UsedBytes);
    }

    [Fact]
    public async Task DamagedEntry_IsAMissAndIsRemoved()
    {
        var cache = new DiskBlockCache(_root.Path, 1024 * 1024);
        var (block, payload, _) = Block(5000, 8);
        await cache.PutAsync(block.Signature, payload, CancellationToken.None);
        var path = Path.Join(_root.Path, "blocks", block.Signature[..2], block.Signature[2..]);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        Assert.Null(await cache.TryReadAsync(block, CancellationToken.None));
        Assert.False(cache.Contains(block.Signature));
        Assert.False(File.Exists(path));
    }

    // Random (incompressible) data, stored raw: the payload is the 12-byte header and the bytes.
    private static (BlockRef Block, byte[] Payload, byte[] Data) Block(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        using var payload = BlockPayload.Encode(data, level: 0);
        return (new BlockRef(Convert.ToHexStringLower(SHA256.HashData(data)), size), payload.Memory.ToArray(), data);
    }
}
