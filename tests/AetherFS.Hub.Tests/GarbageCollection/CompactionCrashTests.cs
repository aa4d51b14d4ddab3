using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>
/// A collection that compacts packs, killed at every step it takes that changes the store (each put and delete in
/// turn): the store it leaves still holds every block a tag references, readable by a hub starting afresh, and the
/// next collection finishes the job.
/// </summary>
public sealed class CompactionCrashTests
{
    [Fact]
    public async Task ACollectionKilledAtAnyStep_LosesNoLiveBlock_AndTheNextOneFinishes()
    {
        var steps = await CountStepsAsync();
        Assert.True(steps >= 5, $"only {steps} steps");
        for (var crashAt = 0; crashAt < steps; crashAt++)
        {
            var crashing = new CrashingStore.Switch();
            using var hub = new GcHarness((inner, _) => new CrashingStore(inner, crashing));
            var (live, dead) = await StageAsync(hub);

            crashing.CrashAfter(crashAt);
            await Assert.ThrowsAsync<CrashingStore.SimulatedCrash>(() => hub.CollectAsync(TimeSpan.Zero, maxUnused: 0));
            crashing.Disarm();

            foreach (var (signature, bytes) in live)
            {
                var read = await hub.ReadFreshAsync(signature);
                Assert.True(read is not null && bytes.SequenceEqual(read), $"block {signature} lost by a crash at step {crashAt}");
            }

            await hub.CollectAsync(TimeSpan.Zero, maxUnused: 0);
            Assert.Equal(live.Keys.ToHashSet(), hub.StoredBlocks());
            Assert.All(dead, d => Assert.Null(hub.ReadFreshAsync(d).GetAwaiter().GetResult()));
        }
    }

    // How many store mutations one undisturbed collection of the staged store makes.
    private static async Task<int> CountStepsAsync()
    {
        var counting = new CrashingStore.Switch();
        using var hub = new GcHarness((inner, _) => new CrashingStore(inner, counting));
        await StageAsync(hub);
        counting.CrashAfter(int.MaxValue);
        await hub.CollectAsync(TimeSpan.Zero, maxUnused: 0);
        return counting.Mutations;
    }

    // Two versions sharing blocks, the first deleted: its packs hold live and dead blocks, so the collection rewrites,
    // tombstones, deletes and merges segments.
    private static async Task<(Dictionary<string, byte[]> Live, List<string> Dead)> StageAsync(GcHarness hub)
    {
        var blocks = Enumerable.Range(0, 6).Select(i => GcHarness.Bytes(i, 3000)).ToArray();
        await hub.PushAsync("geo", "v1", blocks[0], blocks[1], blocks[2], blocks[3]);
        await hub.PushAsync("geo", "v2", blocks[2], blocks[3], blocks[4], blocks[5]);
        await hub.Publisher.DeleteTagAsync("geo", "v1", CancellationToken.None);
        var live = new[] { blocks[2], blocks[3], blocks[4], blocks[5] }.ToDictionary(GcHarness.Signature);
        return (live, [GcHarness.Signature(blocks[0]), GcHarness.Signature(blocks[1])]);
    }

    /// <summary>A store that throws, as a killed process stops, on the mutation after the armed count.</summary>
    private sealed class CrashingStore(IBlobStore inner, CrashingStore.Switch crash) : IBlobStore
    {
        public string SpoolDirectory => inner.SpoolDirectory;

        public Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken) => inner.HeadAsync(key, cancellationToken);

        public Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken) => inner.OpenReadAsync(key, offset, length, cancellationToken);

        public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
        {
            crash.Step(key);
            return inner.PutAsync(key, content, cancellationToken);
        }

        public Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
        {
            crash.Step(key);
            return inner.PutFileAsync(key, path, cancellationToken);
        }

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
        {
            crash.Step(key);
            return inner.DeleteAsync(key, cancellationToken);
        }

        public IAsyncEnumerable<BlobInfo> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public sealed class Switch
        {
            private int? _left;

            public int Mutations { get; private set; }

            public void CrashAfter(int mutations)
            {
                _left = mutations;
                Mutations = 0;
            }

            public void Disarm() => _left = null;

            public void Step(string key)
            {
                if (_left is null)
                {
                    return;
                }

                if (_left-- == 0)
                {
                    throw new SimulatedCrash(key);
                }

                Mutations++;
            }
        }

        public sealed class SimulatedCrash(string key) : Exception($"killed before writing or deleting {key}");
    }
}
