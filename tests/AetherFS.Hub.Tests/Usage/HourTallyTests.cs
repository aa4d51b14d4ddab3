using AetherFS.Hub.Usage;

namespace AetherFS.Hub.Tests.Usage;

public sealed class HourTallyTests
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Clients_PastTheCap_AreNoLongerKept_AndTheRecordSaysSo()
    {
        var tally = new HourTally("d", Hour);
        for (var i = 0; i < HourTally.MaxClients + 10; i++)
        {
            tally.Add("v1", "client-" + i, pull: true, bytes: 1);
        }

        var record = tally.Snapshot("hub");

        Assert.True(record.ClientsCapped);
        Assert.Equal(HourTally.MaxClients, record.References["v1"].Clients.Count);
        Assert.Equal(HourTally.MaxClients + 10, record.References["v1"].Pulls);
    }

    [Fact]
    public void References_PastTheCap_CountUnderOther()
    {
        var tally = new HourTally("d", Hour);
        for (var i = 0; i < HourTally.MaxReferences + 5; i++)
        {
            tally.Add("t" + i, "c", pull: true, bytes: 0);
        }

        var record = tally.Snapshot("hub");

        Assert.Equal(HourTally.MaxReferences + 1, record.References.Count);
        Assert.Equal(5, record.References[HourTally.OtherReference].Pulls);
        Assert.False(record.ClientsCapped);
    }

    [Fact]
    public void Snapshot_ClearsDirty_UntilTheNextRecord()
    {
        var tally = new HourTally("d", Hour);
        tally.Add("v1", "c", pull: true, bytes: 10);

        tally.Snapshot("hub");
        Assert.False(tally.IsDirty);
        tally.Add("v1", "c", pull: false, bytes: 5);

        Assert.True(tally.IsDirty);
        Assert.Equal(new ReferenceUsage(1, 15, ["c"]), tally.Snapshot("hub").References["v1"], new UsageComparer());
    }

    private sealed class UsageComparer : IEqualityComparer<ReferenceUsage>
    {
        public bool Equals(ReferenceUsage? x, ReferenceUsage? y) => x!.Pulls == y!.Pulls && x.BytesServed == y.BytesServed && x.Clients.SequenceEqual(y.Clients);

        public int GetHashCode(ReferenceUsage obj) => obj.Pulls.GetHashCode();
    }
}
