using AetherFS.Core.Blocks;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// Loose blocks, stored one object each before packs: streams the listing, deletes the unreferenced ones in batches
/// (older than the grace period and unclaimed), and hands the live ones to <see cref="PackPhase"/>, which packs them.
/// </summary>
internal sealed class BlockPhase
{
    private const string Prefix = AetherFS.Storage.Packs.PackKeys.LoosePrefix;
    private readonly IBlobStore _blobs;
    private readonly ClaimSet _claims;
    private readonly HashSet<Sha256Key> _marks;
    private readonly ManifestPhase _manifests;
    private readonly DateTime _youngAfter;
    private readonly bool _dryRun;

    public BlockPhase(IBlobStore blobs, ClaimSet claims, HashSet<Sha256Key> marks, ManifestPhase manifests, ObjectTally tally, DateTime start, GcRunOptions options)
    {
        Tally = tally;
        _blobs = blobs;
        _claims = claims;
        _marks = marks;
        _manifests = manifests;
        _youngAfter = start - options.Grace;
        _dryRun = options.DryRun;
    }

    public ObjectTally Tally { get; }

    /// <summary>Loose blocks something references: packed by <see cref="PackPhase"/>.</summary>
    public List<(BlobInfo Blob, string Signature)> Live { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var sweeper = new ObjectSweeper(_blobs, _claims, Tally, _dryRun, IsProtected, (_, _) => Task.CompletedTask)
        {
            AfterClaimsRead = MarkClaimedManifestsAsync,
        };
        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            if (SignatureOf(blob.Key) is not { } signature)
            {
                continue;
            }

            Tally.Examine();
            var key = Sha256Key.Parse(signature);
            if (_marks.Contains(key))
            {
                Tally.KeepReferenced(blob.Size);
                Live.Add((blob, signature));
            }
            else if (_claims.HasBlock(key))
            {
                Tally.KeepClaimed(blob.Size);
                Live.Add((blob, signature));
            }
            else if (blob.LastModified > _youngAfter)
            {
                Tally.KeepYoung(blob.Size);
            }
            else
            {
                await sweeper.AddAsync(blob, signature, cancellationToken);
            }
        }

        await sweeper.FlushAsync(cancellationToken);
    }

    private bool IsProtected(string signature)
    {
        var key = Sha256Key.Parse(signature);
        return _claims.HasBlock(key) || _marks.Contains(key);
    }

    // A manifest claimed after the manifest phase (a tag being pointed at an old version): its blocks stay too.
    private async Task MarkClaimedManifestsAsync(CancellationToken cancellationToken)
    {
        foreach (var digest in _claims.TakeNewManifests())
        {
            await _manifests.MarkAsync(digest, null, cancellationToken);
        }
    }

    // blocks/ab/cdef... -> abcdef...; null for a key that is not a block.
    private static string? SignatureOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && parts[1].Length == 2 && Hex.IsSha256(parts[1] + parts[2]) ? parts[1] + parts[2] : null;
    }
}
