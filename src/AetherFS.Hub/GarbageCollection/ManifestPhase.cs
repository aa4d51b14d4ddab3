using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// Manifests: keeps those a tag names, those claimed and those younger than the grace period, marking the blocks of
/// each (one manifest in memory at a time); then deletes the rest, after storing in full any kept manifest that is
/// stored as a delta against one of them (a deleted version leaves nothing behind, not even as a base).
/// </summary>
internal sealed class ManifestPhase
{
    private const string Prefix = "manifests/";
    private readonly IBlobStore _blobs;
    private readonly DatasetStore _datasets;
    private readonly ClaimSet _claims;
    private readonly HashSet<Sha256Key> _marks;
    private readonly DateTime _youngAfter;
    private readonly bool _dryRun;
    private readonly HashSet<string> _marked = new(StringComparer.Ordinal);

    // Manifest → the kept manifests stored as deltas against it. Before it is deleted they are stored full; one that
    // gains such a dependent later in the sweep (a late claim) stays until the next collection.
    private readonly Dictionary<string, HashSet<string>> _dependents = new(StringComparer.Ordinal);

    public ManifestPhase(IBlobStore blobs, DatasetStore datasets, ClaimSet claims, HashSet<Sha256Key> marks, DateTime start, GcRunOptions options)
    {
        _blobs = blobs;
        _datasets = datasets;
        _claims = claims;
        _marks = marks;
        _youngAfter = start - options.Grace;
        _dryRun = options.DryRun;
    }

    public ObjectTally Tally { get; } = new();

    /// <summary>Marks from every kept manifest and answers the others, the candidates for deletion.</summary>
    /// <param name="roots">Digests named by tags, each with one such tag.</param>
    public async Task<List<(BlobInfo Blob, string Digest)>> MarkAsync(IReadOnlyDictionary<string, string> roots, CancellationToken cancellationToken)
    {
        var candidates = new List<(BlobInfo, string)>();
        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            if (DigestOf(blob.Key) is not { } digest)
            {
                continue;
            }

            Tally.Examine();
            if (roots.TryGetValue(digest, out var tag))
            {
                Tally.KeepReferenced(blob.Size);
                await MarkAsync(digest, tag, cancellationToken);
            }
            else if (_claims.HasManifest(digest))
            {
                Tally.KeepClaimed(blob.Size);
                await MarkAsync(digest, null, cancellationToken);
            }
            else if (blob.LastModified > _youngAfter)
            {
                Tally.KeepYoung(blob.Size);
                await MarkAsync(digest, null, cancellationToken);
            }
            else
            {
                candidates.Add((blob, digest));
            }
        }

        // A tag written before the listing names a manifest written before it: one missing is damage, not a race.
        if (roots.FirstOrDefault(r => !_marked.Contains(r.Key)) is { Key: not null } missing)
        {
            throw new GcAbortedException($"tag '{missing.Value}' points at manifest {missing.Key}, which the store does not hold; delete or re-point that tag");
        }

        return candidates;
    }

    public async Task SweepAsync(List<(BlobInfo Blob, string Digest)> candidates, CancellationToken cancellationToken)
    {
        var sweeper = new ObjectSweeper(_blobs, _claims, Tally, _dryRun, digest => _claims.HasManifest(digest) || (!_dryRun && _dependents.ContainsKey(digest)), (digest, ct) => _claims.HasManifest(digest) ? MarkAsync(digest, null, ct) : Task.CompletedTask);
        foreach (var (blob, digest) in candidates)
        {
            if (!_dryRun)
            {
                await ReleaseDependentsAsync(digest, cancellationToken);
            }

            await sweeper.AddAsync(blob, digest, cancellationToken);
        }

        await sweeper.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the blocks of a manifest that is kept, read and verified against its digest. One that cannot be read
    /// stops the collection; one that is gone is skipped, unless a tag names it.
    /// </summary>
    public async Task MarkAsync(string digest, string? tag, CancellationToken cancellationToken)
    {
        if (!_marked.Add(digest))
        {
            return;
        }

        Manifest manifest;
        try
        {
            var (read, baseDigest) = await _datasets.GetManifestWithBaseAsync(digest, cancellationToken);
            if (read is not { } bytes)
            {
                _marked.Remove(digest);
                return;
            }

            if (baseDigest is not null)
            {
                if (!_dependents.TryGetValue(baseDigest, out var dependents))
                {
                    _dependents[baseDigest] = dependents = new HashSet<string>(StringComparer.Ordinal);
                }

                dependents.Add(digest);
            }

            manifest = ManifestSerializer.Parse(bytes);
            if (!_dryRun)
            {
                await ResealAsync(digest, bytes, cancellationToken);
            }
        }
        catch (Exception e) when (e is DigestMismatchException or ManifestFormatException)
        {
            throw new GcAbortedException($"manifest {digest}{(tag is null ? string.Empty : $" (tag '{tag}')")} does not read: {e.Message}", e);
        }

        foreach (var block in manifest.Blocks)
        {
            _marks.Add(Sha256Key.TryParse(block.Signature, out var key) ? key : throw new GcAbortedException($"manifest {digest} names an invalid block signature '{block.Signature}'"));
        }
    }

    // The kept manifests stored as deltas against one about to be deleted are stored full first. A full store cannot
    // take them: the base then stays until a collection with room.
    private async Task ReleaseDependentsAsync(string digest, CancellationToken cancellationToken)
    {
        if (!_dependents.TryGetValue(digest, out var dependents))
        {
            return;
        }

        try
        {
            foreach (var dependent in dependents)
            {
                await _datasets.StoreFullAsync(dependent, cancellationToken);
            }

            _dependents.Remove(digest);
        }
        catch (Exception e) when (StorageFullException.IsStorageFull(e))
        {
        }
    }

    // After a key rotation or a migration to encryption, what a collection keeps ends up under the current key. A
    // full store cannot take the new copy: the old one stays (readable while its key is listed) and the collection,
    // whose job there is to free room, goes on.
    private async Task ResealAsync(string digest, byte[] canonical, CancellationToken cancellationToken)
    {
        try
        {
            await _datasets.ResealAsync(digest, canonical, cancellationToken);
        }
        catch (Exception e) when (StorageFullException.IsStorageFull(e))
        {
        }
    }

    // manifests/ab/cdef... -> sha256:abcdef...; null for a key that is not a manifest.
    private static string? DigestOf(string key)
    {
        var parts = key.Split('/');
        if (parts.Length != 3 || parts[1].Length != 2)
        {
            return null;
        }

        var digest = Digest.Prefix + parts[1] + parts[2];
        return Digest.IsValid(digest) ? digest : null;
    }
}
