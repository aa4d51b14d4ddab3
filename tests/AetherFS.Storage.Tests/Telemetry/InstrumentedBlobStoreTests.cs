using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Telemetry;
using AetherFS.Storage.Tests.Blobs;

namespace AetherFS.Storage.Tests.Telemetry;

/// <summary>
/// The measuring decorator keeps the blob store contract (every member forwarded), and counts each operation by kind
/// and outcome with its latency.
/// </summary>
public sealed class InstrumentedBlobStoreTests : BlobStoreContractTests, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly InstrumentedBlobStore _store;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, string Operation, string? Outcome)> _measurements = new();

    public InstrumentedBlobStoreTests()
    {
        _store = new InstrumentedBlobStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path }));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, 1, tags));
        _listener.Start();
    }

    protected override IBlobStore Store => _store;

    public void Dispose()
    {
        _listener.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task EachOperation_IsCountedByKind_WithItsLatency()
    {
        var key = "metrics/" + Guid.NewGuid().ToString("N");
        await _store.PutAsync(key, "x"u8.ToArray(), CancellationToken.None);
        await _store.HeadAsync(key, CancellationToken.None);
        await using (await _store.OpenReadAsync(key, 0, null, CancellationToken.None))
        {
        }

        await foreach (var _ in _store.ListAsync("metrics/", CancellationToken.None))
        {
        }

        await _store.DeleteAsync(key, CancellationToken.None);

        foreach (var operation in StorageMetrics.Operations)
        {
            Assert.Contains(("aetherfs.hub.storage.operations", operation, "ok"), _measurements);
            Assert.Contains(("aetherfs.hub.storage.operation.duration", operation, null), _measurements);
        }
    }

    [Fact]
    public async Task AFailedOperation_IsCountedAsAnError_AndStillThrows()
    {
        // A file where the store's directory for the key belongs: the write fails as on a broken disk.
        File.WriteAllText(Path.Join(_temp.Path, "blocked"), "not a directory");

        await Assert.ThrowsAnyAsync<IOException>(() => _store.PutAsync("blocked/key", "x"u8.ToArray(), CancellationToken.None));

        Assert.Contains(("aetherfs.hub.storage.operations", "put", "error"), _measurements);
    }

    private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (value == 0)
        {
            return;
        }

        string? operation = null, outcome = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "operation")
            {
                operation = tag.Value as string;
            }
            else if (tag.Key == "outcome")
            {
                outcome = tag.Value as string;
            }
        }

        _measurements.Enqueue((instrument.Name, operation ?? string.Empty, outcome));
    }
}
