using AetherFS.Client.Fetch;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Tests.Peers;

public sealed class InFlightBlocksTests
{
    private static readonly BlockRef A = new(new string('a', 64), 10);
    private static readonly BlockRef B = new(new string('b', 64), 10);

    [Fact]
    public async Task ABlockAskedForTwiceAtOnce_IsFetchedByTheFirst_TheSecondWaitsForIt()
    {
        var inFlight = new InFlightBlocks();
        var first = inFlight.Claim([A]);

        var second = inFlight.Claim([A, B]);

        Assert.Equal([A], first.Mine);
        Assert.Equal([B], second.Mine);
        var (block, done) = Assert.Single(second.Theirs);
        Assert.Equal(A, block);
        Assert.False(done.IsCompleted);
        Assert.Equal(1, inFlight.Joined);

        first.Dispose();

        await done.WaitAsync(TimeSpan.FromSeconds(5));
        second.Dispose();
        Assert.Equal([A], inFlight.Claim([A]).Mine);
    }

    [Fact]
    public void AFetchThatFailed_StillReleasesItsBlocks()
    {
        var inFlight = new InFlightBlocks();
        var claim = inFlight.Claim([A]);
        var waiting = inFlight.Claim([A]).Theirs.Single().Done;

        try
        {
            using (claim)
            {
                throw new IOException("the hub went away");
            }
        }
        catch (IOException)
        {
        }

        Assert.True(waiting.IsCompletedSuccessfully);
    }
}
