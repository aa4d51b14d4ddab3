using AetherFS.Client.Peers;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Client.Tests.Peers;

public sealed class PeerMembershipTests
{
    private const string Block = "6b86b273ff34fce19d6b804eff5a3f5747ada4ea2f1f1c2e0fa7c6b4b6a4f0a1";

    private static readonly Uri[] Peers = [new("http://127.0.0.1:9001/"), new("http://127.0.0.1:9002/"), new("http://127.0.0.1:9003/")];

    [Fact]
    public void APeerSetAside_IsSkippedFor30Seconds_ThenPlacedAgain()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var membership = new PeerMembership(Peers, clock);
        var (owner, backup) = (membership.Place(Block)[0], membership.Place(Block)[1]);

        membership.SetAside(owner);

        Assert.Equal(backup, membership.Place(Block)[0]);
        Assert.DoesNotContain(owner, membership.Place(Block));
        Assert.Equal(PeerState.SetAsideState, membership.States().Single(s => s.Url == owner.AbsoluteUri).State);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True(membership.IsSetAside(owner));

        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(membership.IsSetAside(owner));
        Assert.Equal(owner, membership.Place(Block)[0]);
        Assert.All(membership.States(), s => Assert.Equal(PeerState.LiveState, s.State));
    }

    [Fact]
    public void AnAgent_FetchesForPeers_OnlyBlocksItOwnsOrBacksUp_OnceItKnowsItsAddress()
    {
        var membership = new PeerMembership(Peers);
        var third = Peers.Except(membership.Place(Block)).Single();
        Assert.True(membership.Holds(Block), "before it knows its own address it serves what it is asked");

        membership.MarkSelf(third);

        Assert.False(membership.Holds(Block));
        Assert.Equal(PeerState.SelfState, membership.States().Single(s => s.Url == third.AbsoluteUri).State);
        membership.MarkSelf(membership.Place(Block)[1]);
        Assert.True(membership.Holds(Block));
    }

    [Fact]
    public void AFetchOnlyAgent_LeavesItselfOutOfEveryPlacement_OnceItKnowsItsAddress()
    {
        var membership = new PeerMembership(Peers, selfServes: false);
        var owner = membership.Place(Block)[0];

        membership.MarkSelf(owner);

        Assert.DoesNotContain(owner, membership.Place(Block));
        Assert.Equal(2, membership.Place(Block).Length);
    }

    [Fact]
    public void AListThatChanges_KeepsPeersSetAside_AndDropsThoseGone()
    {
        var membership = new PeerMembership(Peers);
        membership.SetAside(Peers[0]);

        membership.Update([Peers[0], Peers[2]]);

        Assert.Equal([Peers[2]], membership.Place(Block));
        Assert.Equal(2, membership.States().Count);
    }
}
