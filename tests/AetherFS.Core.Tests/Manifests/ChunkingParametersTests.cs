using System.Text;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ChunkingParametersTests
{
    [Fact]
    public void ContentDefinedParameters_RoundTripThroughTheManifest()
    {
        var manifest = new Manifest(ChunkingParameters.ContentDefined(16384, 65536, 262144), [], []);

        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);

        Assert.Contains("\"chunking\":{\"algorithm\":\"fastcdc\",\"minSize\":16384,\"avgSize\":65536,\"maxSize\":262144}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(manifest.Chunking, ManifestSerializer.Parse(bytes).Chunking);
    }

    [Fact]
    public void FixedParameters_KeepTheirOriginalSpelling()
    {
        var bytes = ManifestSerializer.ToCanonicalBytes(new Manifest(ChunkingParameters.FixedSize(4096), [], []));

        Assert.Contains("\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":4096}", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fastcdc", 16384, 65536, 262144, true)]
    [InlineData("fastcdc", 16384, 60000, 262144, false)]
    [InlineData("fastcdc", 65536, 65536, 262144, false)]
    [InlineData("fastcdc", 512, 2048, 8192, false)]
    [InlineData("fastcdc", 16384, 65536, 128 * 1024 * 1024, false)]
    [InlineData("fixed", 4096, 4096, 4096, true)]
    [InlineData("fixed", 4096, 8192, 8192, false)]
    [InlineData("rabin", 4096, 8192, 16384, false)]
    public void Validate_AcceptsOnlyUsableParameters(string algorithm, int min, int average, int max, bool valid)
    {
        Assert.Equal(valid, new ChunkingParameters(algorithm, min, average, max).Validate() is null);
    }

    [Fact]
    public void Validator_RejectsBlocksLargerThanTheChunkingMax()
    {
        var sig = new string('a', 64);
        var manifest = new Manifest(
            ChunkingParameters.ContentDefined(1024, 2048, 4096),
            [new ManifestEntry("f", EntryType.File, 5000, 420, DateTime.UnixEpoch)],
            [new BlockRef(sig, 5000)]);

        Assert.Throws<ManifestFormatException>(() => ManifestValidator.Validate(manifest));
    }
}
