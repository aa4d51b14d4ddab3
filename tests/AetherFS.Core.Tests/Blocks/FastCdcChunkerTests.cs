using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Blocks;

public sealed class FastCdcChunkerTests
{
    private static readonly ChunkingParameters Small = ChunkingParameters.ContentDefined(2 * 1024, 8 * 1024, 32 * 1024);

    [Fact]
    public void Chunks_RespectMinAndMaxAndAverageNearTheTarget()
    {
        var sizes = Cut(ChunkedData.Random(4 * 1024 * 1024, 1), Small);

        Assert.All(sizes.SkipLast(1), s => Assert.InRange(s, Small.MinSize, Small.MaxSize));
        Assert.Equal(4 * 1024 * 1024, sizes.Sum());
        Assert.InRange(sizes.Average(), Small.AverageSize * 0.75, Small.AverageSize * 1.5);
    }

    [Fact]
    public void Chunks_NeverExceedMaxOnDataWithoutBoundaries()
    {
        var sizes = Cut(new byte[300 * 1024], Small);

        Assert.All(sizes, s => Assert.InRange(s, 1, Small.MaxSize));
        Assert.Equal(300 * 1024, sizes.Sum());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(5000)]
    public void InsertingBytes_ChangesOnlyTheChunksAroundTheEdit(int inserted)
    {
        var original = ChunkedData.Random(2 * 1024 * 1024, 2);
        var edited = original[..1_000_000].Concat(ChunkedData.Random(inserted, 3)).Concat(original[1_000_000..]).ToArray();

        var newBytes = NewBytes(original, edited);

        // Only the chunks around the edit are new: the inserted bytes plus, at most, two chunks while cuts resynchronise.
        Assert.InRange(newBytes, inserted, inserted + (2L * Small.MaxSize));
    }

    [Fact]
    public void DeletingBytes_ChangesOnlyTheChunksAroundTheEdit()
    {
        var original = ChunkedData.Random(2 * 1024 * 1024, 4);
        var edited = original[..700_000].Concat(original[703_000..]).ToArray();

        Assert.InRange(NewBytes(original, edited), 1, 2L * Small.MaxSize);
    }

    [Fact]
    public void FixedSizeChunking_LosesEverythingAfterAnInsertion()
    {
        // The reason content-defined chunking is the default: the same one-byte insertion shifts every later block.
        var original = ChunkedData.Random(2 * 1024 * 1024, 5);
        var edited = original[..1_000_000].Concat(new byte[] { 7 }).Concat(original[1_000_000..]).ToArray();

        Assert.True(NewBytes(original, edited, ChunkingParameters.FixedSize(8 * 1024)) > 1_000_000);
    }

    [Fact]
    public void Boundaries_AreAFixedPartOfTheFormat()
    {
        // Golden cut points: if this changes, every stored dataset stops deduplicating against new pushes.
        var sizes = Cut(ChunkedData.Random(256 * 1024, 42), Small).Take(5).ToArray();

                Assert.Equal(GoldenSizes, sizes);
    }

    [Fact]
    public void Constructor_RejectsInvalidParameters()
    {
        Assert.Throws<ArgumentException>(() => new FastCdcChunker(ChunkingParameters.ContentDefined(4096, 3000, 8192)));
        Assert.Throws<ArgumentException>(() => new FastCdcChunker(ChunkingParameters.ContentDefined(8192, 8192, 16384)));
        Assert.Throws<ArgumentException>(() => new FastCdcChunker(ChunkingParameters.FixedSize(8192)));
    }

    [Fact]
    public void Chunkers_CreateMatchesTheAlgorithm()
    {
        Assert.IsType<FastCdcChunker>(Chunkers.Create(ChunkingParameters.Default));
        Assert.IsType<FixedSizeChunker>(Chunkers.Create(ChunkingParameters.FixedSize(4096)));
    }

    private static int[] GoldenSizes => [8316, 9017, 8851, 7362, 5729];

    private static List<int> Cut(byte[] data, ChunkingParameters parameters) => ChunkedData.Cut(data, parameters).Select(c => c.Size).ToList();

    // Bytes of the edited data's chunks that the original's chunks do not already hold.
    private static long NewBytes(byte[] original, byte[] edited, ChunkingParameters? parameters = null)
    {
        var known = ChunkedData.Cut(original, parameters ?? Small).Select(c => c.Signature).ToHashSet();
        return ChunkedData.Cut(edited, parameters ?? Small).Where(c => !known.Contains(c.Signature)).Sum(c => (long)c.Size);
    }
}
