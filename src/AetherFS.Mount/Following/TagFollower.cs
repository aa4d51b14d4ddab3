using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

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
    public Task RunAsync(CancellationToken stopping) =>
        new TagWatch(_hub, _name, _tag, _maxBackoff).RunAsync(
            ApplyAsync,
            e => _log($"following {_name}:{_tag}: {e.Message}; still serving {_tree.Digest}, trying again"),
            stopping);

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

        string verified;
        Manifest manifest;
        FetchedManifest fetched;
        try
        {
            // The manifest served now is held: the hub may send the new one as a delta against it (its canonical
            // bytes, written again from the parsed form, are checked against its digest before they are named).
            var served = _tree.Index;
            var held = HeldManifest.Verified(served.Digest, ManifestSerializer.ToCanonicalBytes(served.Manifest));
            fetched = await _hub.GetManifestBytesAsync(_name, digest, held, stopping);
            (verified, manifest) = (fetched.Digest, ManifestSerializer.Parse(fetched.Bytes));
            ManifestValidator.Validate(manifest);
        }
        catch (Exception e) when (e is ManifestFormatException or DigestMismatchException)
        {
            // Never served: the version mounted stays, and the next move of the tag is followed as usual.
            _log($"refusing {_name}:{_tag} at {digest}: {e.Message}; still serving {_tree.Digest}");
            return;
        }

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

        _log($"{_name}:{_tag} moved to {verified}: {changes.Entries.Count} names changed; manifest {fetched.BytesReceived} B{(fetched.AsDelta ? " as a delta" : string.Empty)}");
    }
}
