using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class BlockSharingTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);
    private static readonly string C = new('c', 64);

    [Fact]
    public void Compare_CountsDistinctBlocksAndTheirBytes()
    {
        var v1 = Manifest([A, B], [100, 200]);
        var v2 = Manifest([A, C, C], [100, 50, 50]);

        var sharing = BlockSharing.Compare(v2, v1);

        Assert.Equal(new BlockSharing(2, 150, 1, 100), sharing);
        Assert.Equal(1, sharing.NewBlocks);
        Assert.Equal(50, sharing.NewBytes);
    }

    [Fact]
    public void Compare_WithItself_SharesEverything()
    {
        var v1 = Manifest([A, B], [100, 200]);

        var sharing = BlockSharing.Compare(v1, v1);

        Assert.Equal(0, sharing.NewBlocks);
        Assert.Equal(300, sharing.SharedBytes);
    }

    private static Manifest Manifest(string[] signatures, int[] sizes) =>
        new(ChunkingParameters.Default, [], signatures.Select((s, i) => new BlockRef(s, sizes[i])).ToList());
}
