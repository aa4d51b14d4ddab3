using AetherFS.Core.Deltas;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Deltas;

namespace AetherFS.Hub.Tests.Deltas;

public sealed class DeltaPlanCacheTests
{
    [Fact]
    public void APair_IsFoundAgain_UntilMorePairsThanItsCapacityPushItOut_LeastRecentlyUsedFirst()
    {
        var cache = new DeltaPlanCache();
        var finders = Enumerable.Range(0, DeltaPlanCache.Capacity + 1).Select(_ => Finder()).ToList();
        for (var i = 0; i < DeltaPlanCache.Capacity; i++)
        {
            cache.Add($"have{i}", "v", finders[i]);
        }

        Assert.Same(finders[0], cache.Find("have0", "v"));
        Assert.Null(cache.Find("have0", "other"));

        cache.Add("have-last", "v", finders[^1]);

        Assert.Same(finders[0], cache.Find("have0", "v"));
        Assert.Null(cache.Find("have1", "v"));
        Assert.Same(finders[^1], cache.Find("have-last", "v"));
    }

    private static DeltaBaseFinder Finder()
    {
        var manifest = new Manifest(ChunkingParameters.Default, [], []);
        return new DeltaBaseFinder(new ManifestIndex("sha256:" + new string('1', 64), manifest), new ManifestIndex("sha256:" + new string('2', 64), manifest));
    }
}
