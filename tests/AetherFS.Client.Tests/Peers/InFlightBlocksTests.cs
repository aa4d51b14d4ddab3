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
    public async Task AWaiter_GoesOnWhenItsBlockArrives_NotWhenTheWholeBatchEnds()
    {
        var inFlight = new InFlightBlocks();
        using var batch = inFlight.Claim([A, B]);
        var waitingForA = inFlight.Claim([A]).Theirs.Single().Done;
        var waitingForB = inFlight.Claim([B]).Theirs.Single().Done;

        inFlight.Arrived(A.Signature);

        await waitingForA.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(waitingForB.IsCompleted);
        var again = inFlight.Claim([A]);
        Assert.Equal([A], again.Mine);
        batch.Dispose();
        Assert.True(waitingForB.IsCompleted);
        // The batch's release leaves alone the claim on A taken after A arrived.
        Assert.Empty(inFlight.Claim([A]).Mine);
        again.Dispose();
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
