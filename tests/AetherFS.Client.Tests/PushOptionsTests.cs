using AetherFS.Client.Pull;
using AetherFS.Client.Push;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Tests;

public sealed class PushOptionsTests
{
    [Fact]
    public void Defaults_BoundMemoryToAFewBatches()
    {
        var options = new PushOptions();

        Assert.Equal(ChunkingParameters.Default, options.Chunking);
        Assert.InRange((long)options.BatchBytes * 3, 1, 128L * 1024 * 1024);
    }

    [Fact]
    public void DefaultCacheDirectory_FollowsXdgCacheHome()
    {
        var previous = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", "/tmp/xdg-cache");
            Assert.Equal("/tmp/xdg-cache/aetherfs", PullOptions.DefaultCacheDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", previous);
        }
    }
}
