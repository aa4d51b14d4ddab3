using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;

namespace AetherFS.Mount.Following;

/// <summary>
/// Keeps a mounted <see cref="FollowingTree"/> on the version one tag points at, as the agent's sync does: the hub's
/// watch stream, reconnecting with backoff; each move advances the tree and makes the kernel forget what changed.
/// A deleted tag leaves the last version served.
/// </summary>
public sealed class TagFollower
{
    private readonly HubClient _hub;
    private readonly string _name;
    private readonly string _tag;
    private readonly FollowingTree _tree;
    private readonly FuseMount _mount;
    private readonly Action<string> _log;
    private readonly TimeSpan _maxBackoff;

    /// <param name="log">Told, one line each, of every move, deletion and lost connection.</param>
    public TagFollower(HubClient hub, string name, string tag, FollowingTree tree, FuseMount mount, Action<string> log, TimeSpan? maxBackoff = null)
    {
        _hub = hub;
        _name = name;
        _tag = tag;
        _tree = tree;
        _mount = mount;
        _log = log;
        _maxBackoff = maxBackoff ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>Follows until <paramref name="stopping"/> is cancelled; never throws otherwise.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new Backoff(_maxBackoff);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var received = false;
                await foreach (var change in _hub.WatchAsync(_name, [_tag], stopping))
                {
                    received = true;
                    backoff.Reset();
                    await ApplyAsync(change, stopping);
                }

                // The hub ended the stream: follow again at once, unless it ended without a word (then do not spin).
                if (!received)
                {
                    await DelayAsync(backoff.Next(), stopping);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HubException or HubUnavailableException or HttpRequestException or IOException or ManifestFormatException)
            {
                _log($"following {_name}:{_tag}: {e.Message}; still serving {_tree.Digest}, trying again");
                await DelayAsync(backoff.Next(), stopping);
            }
        }
    }

    private async Task ApplyAsync(TagEvent change, CancellationToken stopping)
    {
        if (change.Deleted)
        {
            _log($"tag {_name}:{_tag} was deleted; still serving {_tree.Digest}");
            return;
        }

        var digest = change.Tag.Digest;
        if (digest == _tree.Digest)
        {
            return;
        }

        var (verified, manifest) = await _hub.GetManifestAsync(_name, digest, stopping);
        ManifestValidator.Validate(manifest);
        var changes = _tree.Advance(new ManifestIndex(verified, manifest));
        // After the tree serves the new version, so a name the kernel asks again for is answered from it.
        foreach (var (parent, name) in changes.Entries)
        {
            _mount.InvalidateEntry(parent, name);
        }

        foreach (var inode in changes.Inodes)
        {
            _mount.InvalidateInode(inode);
        }

        _log($"{_name}:{_tag} moved to {verified}: {changes.Entries.Count} names changed");
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, stopping);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }
}
