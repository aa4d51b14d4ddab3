using AetherFS.Client.Pull;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Tests.Pull;

public sealed class PullRegistryTests : IDisposable
{
    private static readonly DateTime Time = new(2024, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly string _cache = Directory.CreateTempSubdirectory("aetherfs-registry-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public void WasPulled_IsTrueOnlyForRecordedDestinations()
    {
        var registry = new PullRegistry(_cache);

        registry.Record("/data/maxmind", "sha256:" + new string('a', 64), ManifestBytes(), []);

        Assert.True(registry.WasPulled("/data/maxmind"));
        Assert.False(registry.WasPulled("/data/other"));
        Assert.False(new PullRegistry(Path.Join(_cache, "elsewhere")).WasPulled("/data/maxmind"));
    }

    [Fact]
    public void Record_SurvivesANewRegistryOnTheSameCache()
    {
        new PullRegistry(_cache).Record("/srv/ds", "sha256:" + new string('b', 64), ManifestBytes(), []);

        Assert.True(new PullRegistry(_cache).WasPulled("/srv/ds"));
    }

    [Fact]
    public void Read_ReturnsWhatThePullWrote_WithItsSelectedPaths()
    {
        var registry = new PullRegistry(_cache);

        registry.Record("/srv/sel", "sha256:" + new string('c', 64), ManifestBytes(), ["data/a b%.txt"]);

        var record = registry.Read("/srv/sel");
        Assert.NotNull(record?.Written);
        Assert.Equal(["data/a b%.txt"], record.Written.Paths);
        Assert.Equal(["data/a b%.txt"], record.Written.Entries.Select(e => e.Path));
    }

    [Fact]
    public void Record_KeepsTheRecordItReplacesAsThePreviousOne()
    {
        var registry = new PullRegistry(_cache);
        Assert.Null(registry.ReadPrevious("/srv/twice"));

        registry.Record("/srv/twice", "sha256:" + new string('1', 64), ManifestBytes(), []);
        registry.Record("/srv/twice", "sha256:" + new string('2', 64), ManifestBytes(), ["other.txt"]);

        Assert.Equal("sha256:" + new string('2', 64), registry.Read("/srv/twice")?.Digest);
        Assert.Equal("sha256:" + new string('1', 64), registry.ReadPrevious("/srv/twice")?.Digest);
        Assert.Empty(registry.ReadPrevious("/srv/twice")!.Written!.Paths);
    }

    [Fact]
    public void Read_OfARecordWithoutItsManifest_KnowsThePullButNotWhatItWrote()
    {
        var registry = new PullRegistry(_cache);
        registry.Record("/srv/old", "sha256:" + new string('d', 64), ManifestBytes(), []);
        var file = Directory.GetFiles(Path.Join(_cache, "pulls")).Single(f => !f.EndsWith(".previous", StringComparison.Ordinal));
        File.WriteAllText(file, "/srv/old\nsha256:" + new string('d', 64) + "\n");

        var record = registry.Read("/srv/old");

        Assert.NotNull(record);
        Assert.Null(record.Written);
    }

    private static byte[] ManifestBytes() => ManifestSerializer.ToCanonicalBytes(new Manifest(
        ChunkingParameters.FixedSize(1024),
        [
            new ManifestEntry("data", EntryType.Directory, 0, 0x1ED, Time),
            new ManifestEntry("data/a b%.txt", EntryType.File, 3, 0x1A4, Time),
            new ManifestEntry("other.txt", EntryType.File, 2, 0x1A4, Time),
        ],
        [new BlockRef(new string('e', 64), 5)]));
}
