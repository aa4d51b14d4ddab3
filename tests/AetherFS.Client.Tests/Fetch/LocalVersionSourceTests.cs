using System.Security.Cryptography;
using AetherFS.Client.Fetch;
using AetherFS.Core.Manifests;
using AetherFS.Testing;

namespace AetherFS.Client.Tests.Fetch;

public sealed class LocalVersionSourceTests : IDisposable
{
    private static readonly DateTime Time = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Block_SpanningSeveralFiles_IsRebuiltFromThem()
    {
        // Stream: a (3000) | b (0, skipped) | c (5000); blocks: [0,4000) [4000,8000).
        var a = Bytes(3000, 1);
        var c = Bytes(5000, 2);
        File.WriteAllBytes(_root.Combine("a"), a);
        File.WriteAllBytes(_root.Combine("b"), []);
        File.WriteAllBytes(_root.Combine("c"), c);
        var stream = a.Concat(c).ToArray();
        var blocks = new[] { Ref(stream[..4000]), Ref(stream[4000..]) };
        var manifest = new Manifest(ChunkingParameters.FixedSize(4000), [Entry("a", 3000), Entry("b", 0), Entry("c", 5000)], blocks);
        var source = new LocalVersionSource(_root.Path, manifest);

        using var first = await source.TryReadAsync(blocks[0], CancellationToken.None);
        using var second = await source.TryReadAsync(blocks[1], CancellationToken.None);

        Assert.Equal(stream[..4000], first!.Memory.ToArray());
        Assert.Equal(stream[4000..], second!.Memory.ToArray());
    }

    [Fact]
    public async Task FileChangedOnDisk_IsAMiss()
    {
        var a = Bytes(3000, 3);
        File.WriteAllBytes(_root.Combine("a"), a);
        var block = Ref(a);
        var source = new LocalVersionSource(_root.Path, new Manifest(ChunkingParameters.FixedSize(4096), [Entry("a", 3000)], [block]));
        a[10] ^= 1;
        File.WriteAllBytes(_root.Combine("a"), a);

        Assert.Null(await source.TryReadAsync(block, CancellationToken.None));
    }

    [Fact]
    public async Task FileMissing_OrBlockUnknown_IsAMiss()
    {
        var a = Bytes(3000, 4);
        var block = Ref(a);
        var source = new LocalVersionSource(_root.Path, new Manifest(ChunkingParameters.FixedSize(4096), [Entry("a", 3000)], [block]));

        Assert.Null(await source.TryReadAsync(block, CancellationToken.None));
        Assert.Null(await source.TryReadAsync(Ref(Bytes(10, 5)), CancellationToken.None));
    }

    private static ManifestEntry Entry(string path, long size) => new(path, EntryType.File, size, 0b110_100_100, Time);

    private static BlockRef Ref(byte[] data) => new(Convert.ToHexStringLower(SHA256.HashData(data)), data.Length);

    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }
}
