using AetherFS.Core.Blocks;
using AetherFS.Core.References;
using AetherFS.Storage.Claims;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// The claims one collection honours, read at its start and re-read around every deletion batch. A claim is
/// honoured while it is younger than the claim lifetime, unless its push was released before the collection
/// listed tags: by a release marker written before the collection started, or seen by the first read of the claims,
/// which comes before the tag listing (either way its tag was written before the collection listed tags, so the tag
/// protects the same things; clocks need not tell).
/// Every claim object is read once; what it names stays honoured for the rest of the run.
/// </summary>
internal sealed class ClaimSet
{
    private readonly ClaimStore _store;
    private readonly DateTime _start;
    private readonly TimeSpan _lifetime;
    private readonly HashSet<Sha256Key> _blocks = [];
    private readonly HashSet<string> _manifests = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _newManifests = new();
    private readonly HashSet<string> _releasedBeforeStart = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _readOnce;

    // A push is quiet when nothing of it (a claim object, a pack) was written after this instant: its claims lapse early.
    private readonly DateTime _quietBefore;
    private readonly IReadOnlySet<string> _uploading;
    private readonly Dictionary<string, DateTime> _lastClaimed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _quiet = new(StringComparer.Ordinal);

    // Claim objects read and not honoured (their push released or quiet): deleted at the end, as no collection needs them.
    private readonly HashSet<string> _passedOver = new(StringComparer.Ordinal);

    /// <param name="quietAfter">How long a push may write nothing before its claims are no longer honoured.</param>
    /// <param name="uploading">Pushes that stored a pack within <paramref name="quietAfter"/> before <paramref name="start"/>.</param>
    public ClaimSet(ClaimStore store, DateTime start, TimeSpan lifetime, TimeSpan quietAfter, IReadOnlySet<string> uploading)
    {
        _store = store;
        _start = start;
        _lifetime = lifetime;
        _quietBefore = start - (quietAfter < lifetime ? quietAfter : lifetime);
        _uploading = uploading;
    }

    /// <summary>Pushes whose claims were passed over because they had gone quiet.</summary>
    public int QuietPushes => _quiet.Count;

    /// <summary>Claim objects read so far.</summary>
    public int Examined { get; private set; }

    /// <summary>Claim objects in force among them.</summary>
    public int Honored { get; private set; }

    public bool HasBlock(Sha256Key signature)
    {
        lock (_lock)
        {
            return _blocks.Contains(signature);
        }
    }

    public bool HasManifest(string digest)
    {
        lock (_lock)
        {
            return _manifests.Contains(digest);
        }
    }

    /// <summary>Manifest digests claimed since the last call: a collection past its manifest phase marks their blocks.</summary>
    public IReadOnlyList<string> TakeNewManifests()
    {
        lock (_lock)
        {
            var taken = _newManifests.ToList();
            _newManifests.Clear();
            return taken;
        }
    }

    /// <summary>Reads the claim objects not read before.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var claims = new List<(ClaimKey Key, DateTime Written)>();
        var releasedBeforeStart = _releasedBeforeStart;
        await foreach (var (key, info) in _store.ListAsync(cancellationToken))
        {
            if (key.IsReleaseMarker)
            {
                if (info.LastModified < _start || !_readOnce)
                {
                    releasedBeforeStart.Add(key.Push);
                }
            }
            else
            {
                _lastClaimed[key.Push] = _lastClaimed.TryGetValue(key.Push, out var last) && last > info.LastModified ? last : info.LastModified;
                if (!_seen.Contains(key.ToString()))
                {
                    claims.Add((key, info.LastModified));
                }
            }
        }

        _readOnce = true;
        foreach (var (key, written) in claims)
        {
            _seen.Add(key.ToString());
            Examined++;
            if (written <= _start - _lifetime)
            {
                continue;
            }

            if (releasedBeforeStart.Contains(key.Push) || IsQuiet(key.Push, written))
            {
                _passedOver.Add(key.ToString());
                continue;
            }

            Honored++;
            Add(await _store.ReadAsync(key, cancellationToken));
        }
    }

    /// <summary>
    /// Honours the claim an index segment makes for the push that uploaded its packs, by the same rule as a claim
    /// object (read <see cref="RefreshAsync"/> first, so releases are known): the chunks stay while the segment is
    /// younger than the lifetime, unless the push was released before the collection started.
    /// </summary>
    public void AddPushSegment(string pushId, DateTime written, IEnumerable<string> signatures)
    {
        if (_releasedBeforeStart.Contains(pushId) || written <= _start - _lifetime || IsQuiet(pushId, written))
        {
            return;
        }

        Add(signatures.ToList());
    }

    /// <summary>Whether the claims of a push that wrote something at <paramref name="written"/> have gone quiet.</summary>
    public bool IsQuiet(string pushId, DateTime written)
    {
        var last = _lastClaimed.TryGetValue(pushId, out var claimed) && claimed > written ? claimed : written;
        if (last > _quietBefore || _uploading.Contains(pushId))
        {
            return false;
        }

        _quiet.Add(pushId);
        return true;
    }

    /// <summary>Whether the push was released (its tag written) before the collection started.</summary>
    public bool IsReleased(string pushId) => _releasedBeforeStart.Contains(pushId);

    /// <summary>
    /// Deletes what no collection honours any more: claims and release markers older than the lifetime, and the claim
    /// objects of pushes released before the start or gone quiet (their room matters: claims can be made in bulk).
    /// </summary>
    public async Task<int> RemoveLapsedAsync(CancellationToken cancellationToken)
    {
        var lapsed = new List<ClaimKey>();
        await foreach (var (key, info) in _store.ListAsync(cancellationToken))
        {
            if (info.LastModified <= _start - _lifetime || _passedOver.Contains(key.ToString()))
            {
                lapsed.Add(key);
            }
        }

        var removed = 0;
        foreach (var key in lapsed)
        {
            removed += await _store.DeleteAsync(key, cancellationToken) ? 1 : 0;
        }

        return removed;
    }

    private void Add(IReadOnlyList<string> items)
    {
        lock (_lock)
        {
            foreach (var item in items)
            {
                if (Digest.IsValid(item))
                {
                    if (_manifests.Add(item))
                    {
                        _newManifests.Enqueue(item);
                    }
                }
                else if (Sha256Key.TryParse(item, out var signature))
                {
                    _blocks.Add(signature);
                }
            }
        }
    }
}
