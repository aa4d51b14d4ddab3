using System.Security.Cryptography;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Blocks;

public sealed class MemoryBlockCacheTests
{
    [Fact]
    public void Put_ThenRead_ReturnsTheBytes()
    {
        var cache = new MemoryBlockCache(1024 * 1024);
        var (block, data) = Block(1000, 1);

        cache.Put(block.Signature, data);
        using var read = cache.TryRead(block);

        Assert.Equal(data, read!.Memory.ToArray());
    }

    [Fact]
    public void Budget_DropsTheLeastRecentlyUsed()
    {
        var cache = new MemoryBlockCache(10_000);
        var (a, da) = Block(2000, 1);
        var (b, db) = Block(2000, 2);
        cache.Put(a.Signature, da);
        cache.Put(b.Signature, db);
        cache.TryRead(a)!.Dispose();

        for (var i = 3; i < 8; i++)
        {
            var (other, bytes) = Block(2000, i);
            cache.Put(other.Signature, bytes);
        }

        Assert.True(cache.UsedBytes <= 10_000);
        Assert.Null(cache.TryRead(b));
    }

    [Fact]
    public void BlockLargerThanAQuarterOfTheBudget_IsNotKept()
    {
        var cache = new MemoryBlockCache(10_000);
        var (block, data) = Block(3000, 9);

        cache.Put(block.Signature, data);

        Assert.Null(cache.TryRead(block));
    }

    private static (BlockRef Block, byte[] Data) Block(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return (new BlockRef(Convert.ToHexStringLower(SHA256.HashData(data)), size), data);
    }
}
