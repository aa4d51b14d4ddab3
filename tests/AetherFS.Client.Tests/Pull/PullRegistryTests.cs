using AetherFS.Client.Pull;

namespace AetherFS.Client.Tests.Pull;

public sealed class PullRegistryTests : IDisposable
{
    private readonly string _cache = Directory.CreateTempSubdirectory("aetherfs-registry-").FullName;

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    [Fact]
    public void WasPulled_IsTrueOnlyForRecordedDestinations()
    {
        var registry = new PullRegistry(_cache);

        registry.Record("/data/maxmind", "sha256:" + new string('a', 64));

        Assert.True(registry.WasPulled("/data/maxmind"));
        Assert.False(registry.WasPulled("/data/other"));
        Assert.False(new PullRegistry(Path.Join(_cache, "elsewhere")).WasPulled("/data/maxmind"));
    }

    [Fact]
    public void Record_SurvivesANewRegistryOnTheSameCache()
    {
        new PullRegistry(_cache).Record("/srv/ds", "sha256:" + new string('b', 64));

        Assert.True(new PullRegistry(_cache).WasPulled("/srv/ds"));
    }
}
