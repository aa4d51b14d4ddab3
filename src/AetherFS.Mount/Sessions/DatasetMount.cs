using AetherFS.Client.Fetch;
using AetherFS.Mount.Datasets;
using AetherFS.Mount.Following;

namespace AetherFS.Mount.Sessions;

/// <summary>
/// One mounted dataset, as <c>aetherfs mount</c> and the agent's mounts run it: the kernel mount of a
/// <see cref="FollowingTree"/>, the <see cref="TagFollower"/> that moves it with its tag (none for a pinned digest) and,
/// with <see cref="DatasetMountSettings.Prefetch"/>, a background fill of whichever version is current.
/// </summary>
public sealed class DatasetMount : IAsyncDisposable
{
    private readonly DatasetMountSettings _settings;
    private readonly FollowingTree _tree;
    private readonly FuseMount _mount;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _following;
    private readonly Task _prefetching;
    private CancellationTokenSource _prefetchVersion;
    private int _stopped;

    private DatasetMount(DatasetMountSettings settings)
    {
        settings.ReadOptions.Validate();
        _settings = settings;
        // Each new version asks for deltas against the one served before it, whose blocks read so far are in the cache;
        // deltas against blocks not cached are fetched again full (BlockFetcher), so a mount pays at most a delta more.
        _tree = new FollowingTree(settings.First, (index, held) => new DatasetTree(index, settings.Fetcher, settings.ReadOptions, DeltaBasis.Between(held?.Digest, held?.Manifest, index.Digest)));
        _mount = FuseMount.Start(_tree, settings.Directory, settings.MountOptions);
        _prefetchVersion = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _tree.Advanced += OnAdvanced;
        _following = settings.Tag is { } tag
            ? new TagFollower(settings.Hub, settings.Name, tag, _tree, _mount, settings.Log).RunAsync(_stopping.Token)
            : Task.CompletedTask;
        _prefetching = settings.Prefetch ? PrefetchAsync() : Task.CompletedTask;
    }

    public string Directory => _settings.Directory;

    /// <summary>The digest of the version new opens see.</summary>
    public string Digest => _tree.Digest;

    /// <summary>What reads cost so far, over every version served.</summary>
    public FetchTotals Totals => _tree.Totals;

    /// <summary>Completes when the kernel mount ended, from here or from outside (<c>fusermount3 -u</c>).</summary>
    public Task Completion => _mount.Completion;

    /// <summary>Mounts on <see cref="DatasetMountSettings.Directory"/> and starts following and prefetching.</summary>
    /// <exception cref="IOException">The kernel refused the mount.</exception>
    public static DatasetMount Start(DatasetMountSettings settings) => new(settings);

    /// <summary>Stops following and prefetching, then unmounts (lazily: files still open keep reading until closed).</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await _mount.Completion;
            return;
        }

        await _stopping.CancelAsync();
        await _following;
        await _prefetching;
        await _mount.UnmountAsync(CancellationToken.None);
        _tree.Advanced -= OnAdvanced;
        _prefetchVersion.Dispose();
        _stopping.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    // A new version ends the fill of the old one: its blocks no longer matter to new opens.
    private void OnAdvanced(DatasetTree current)
    {
        var next = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var previous = Interlocked.Exchange(ref _prefetchVersion, next);
        previous.Cancel();
        previous.Dispose();
    }

    // Fills the current version, then waits for the next one; a failure is told and leaves reads fetching as usual.
    private async Task PrefetchAsync()
    {
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            var version = Volatile.Read(ref _prefetchVersion);
            var digest = _tree.Digest;
            var prefetcher = _tree.Current.CreatePrefetcher();
            try
            {
                await prefetcher.RunAsync(version.Token);
                _settings.Log($"prefetched {digest}: {prefetcher.BlocksTotal} blocks in the cache");
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // A new version came (its source replaced this one: fill that next) or the mount stops.
                continue;
            }
            catch (Exception e)
            {
                _settings.Log($"prefetch of {digest} stopped after {prefetcher.BlocksDone} of {prefetcher.BlocksTotal} blocks: {e.Message}; reads fetch as usual");
            }

            await WaitForNextVersionAsync(version);
        }
    }

    private static async Task WaitForNextVersionAsync(CancellationTokenSource version)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, version.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The next version, or the stop: the loop tells which.
        }
    }
}
