using AetherFS.Client.Peers;

namespace AetherFS.Client.Tests.Peers;

public sealed class LatencyWindowTests
{
    [Fact]
    public void P95_IsOfTheLatestLatencies_AndZeroBeforeAny()
    {
        var window = new LatencyWindow(size: 20);
        Assert.Equal(TimeSpan.Zero, window.P95());

        for (var i = 1; i <= 20; i++)
        {
            window.Record(TimeSpan.FromMilliseconds(i * 10));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(190), window.P95());

        // The hub got faster: the old latencies leave the window.
        for (var i = 0; i < 20; i++)
        {
            window.Record(TimeSpan.FromMilliseconds(5));
        }

        Assert.Equal(TimeSpan.FromMilliseconds(5), window.P95());
    }
}
