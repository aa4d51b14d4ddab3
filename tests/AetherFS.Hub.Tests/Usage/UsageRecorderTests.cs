using AetherFS.Hub.Configuration;
using AetherFS.Hub.Usage;
using AetherFS.Storage.Blobs;
using AetherFS.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Hub.Tests.Usage;

public sealed class UsageRecorderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Pulls_CountInTheHourOfTheClock_AndReadBackFromTheStore()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 59, 0, TimeSpan.Zero));
        var recorder = new UsageRecorder(clock, new ClientHasher(), new HubOptions());
        var store = new UsageStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path }));
        var client = Client("10.0.0.7");

        recorder.RecordPull("acme/vision", "v1", client, 100);
        clock.Advance(TimeSpan.FromMinutes(2));
        recorder.RecordPull("acme/vision", "v1", client, 100);
        recorder.RecordPull("acme/vision/sub", "v1", client, 100);
        foreach (var tally in recorder.Dirty())
        {
            await store.WriteAsync(tally.Snapshot("hub-a"), CancellationToken.None);
        }

        var records = await store.ReadAsync("acme/vision", clock.GetUtcNow() - TimeSpan.FromDays(1), CancellationToken.None).ToListAsync();

        Assert.Equal([3, 4], records.Select(r => r.Hour.Hour).Order());
        Assert.All(records, r => Assert.Equal(1, r.References["v1"].Pulls));
        // The same client hashes alike in both hours, and no record holds its address.
        Assert.Single(records.SelectMany(r => r.References["v1"].Clients).Distinct());
        Assert.DoesNotContain("10.0.0.7", string.Concat(Directory.GetFiles(_temp.Path, "*.json", SearchOption.AllDirectories).Select(File.ReadAllText)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AStopWhoseTimeIsSpent_StillWritesWhatWasCounted()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var options = new HubOptions();
        var recorder = new UsageRecorder(clock, new ClientHasher(), options);
        var store = new UsageStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path }));
        var flusher = new UsageFlusher(recorder, store, new ClientHasher(), options, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<UsageFlusher>.Instance);
        await flusher.StartAsync(CancellationToken.None);
        recorder.RecordPull("acme/vision", "v1", Client("10.0.0.7"), 100);

        // The host's shutdown timeout ran out while requests drained: its token is already cancelled.
        await flusher.StopAsync(new CancellationToken(canceled: true));

        var records = await store.ReadAsync("acme/vision", clock.GetUtcNow() - TimeSpan.FromDays(1), CancellationToken.None).ToListAsync();
        Assert.Equal(1, Assert.Single(records).References["v1"].Pulls);
    }

    [Fact]
    public async Task Prune_DeletesOnlyHoursBeforeTheCutoff()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var recorder = new UsageRecorder(clock, new ClientHasher(), new HubOptions());
        var store = new UsageStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path }));
        recorder.RecordPull("d", "v1", Client("10.0.0.1"), 1);
        clock.Advance(TimeSpan.FromDays(3));
        recorder.RecordPull("d", "v1", Client("10.0.0.1"), 1);
        foreach (var tally in recorder.Dirty())
        {
            await store.WriteAsync(tally.Snapshot("hub-a"), CancellationToken.None);
        }

        Assert.Equal(1, await store.PruneAsync(clock.GetUtcNow() - TimeSpan.FromDays(1), CancellationToken.None));

        var left = await store.ReadAsync("d", clock.GetUtcNow() - TimeSpan.FromDays(30), CancellationToken.None).ToListAsync();
        Assert.Equal(clock.GetUtcNow().Date, Assert.Single(left).Hour.Date);
    }

    [Fact]
    public void Disabled_RecordsNothing()
    {
        var recorder = new UsageRecorder(TimeProvider.System, new ClientHasher(), new HubOptions { UsageStats = false });

        recorder.RecordPull("d", "v1", Client("10.0.0.1"), 1);

        Assert.Equal(0, recorder.TallyCount);
    }

    private static DefaultHttpContext Client(string address)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(address);
        return context;
    }
}
