using System.Diagnostics;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Packs;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Scrubbing;

/// <summary>
/// Verifies the whole store (<c>aetherfs verify</c>, <c>POST /api/v1/verify</c>, <c>--scrub-interval</c>): every block
/// of every pack an index segment lists, decoded and hashed (<see cref="PackScrubber"/>, streaming), and every manifest
/// read, hashed against its name, parsed, validated and checked against the block index. A corrupt copy of a block is
/// quarantined (<see cref="BlockStore.QuarantineAsync"/>), so every hub sharing the store reports it missing and the
/// next push holding it repairs it; copies quarantined before are not reported again (a collection removes them). A bad
/// manifest is reported only: a push stores its manifest again whatever the hub holds, which repairs it. One
/// verification at a time on a hub; another request waits for it.
/// </summary>
internal sealed partial class StoreScrubber : IDisposable
{
    private const string ManifestPrefix = "manifests/";
    private readonly IBlobStore _blobs;
    private readonly BlockStore _blocks;
    private readonly DatasetStore _datasets;
    private readonly TimeProvider _time;
    private readonly ILogger<StoreScrubber> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public StoreScrubber(IBlobStore blobs, BlockStore blocks, DatasetStore datasets, TimeProvider time, ILogger<StoreScrubber> logger)
    {
        _blobs = blobs;
        _blocks = blocks;
        _datasets = datasets;
        _time = time;
        _logger = logger;
    }

    public async Task<VerifyReport> RunAsync(ScrubRunOptions options, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var started = _time.GetUtcNow().UtcDateTime;
            var clock = Stopwatch.StartNew();
            using var pace = new ScrubPace(options.MaxBytesPerSecond);
            var tally = new ScrubTally();
            await _blocks.RefreshAsync(cancellationToken);
            await CheckPacksAsync(pace, tally, cancellationToken);
            await CheckManifestsAsync(pace, tally, cancellationToken);
            Log.Finished(_logger, tally.Packs, tally.Blocks, tally.Bytes, tally.Manifests, tally.BadBlockCount, tally.BadManifestCount);
            return tally.ToReport(started, (long)clock.Elapsed.TotalMilliseconds, options.MaxBytesPerSecond is > 0 ? options.MaxBytesPerSecond : null);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task CheckPacksAsync(ScrubPace pace, ScrubTally tally, CancellationToken cancellationToken)
    {
        var inventory = await PackInventory.ReadAsync(_blobs, cancellationToken);
        var gone = new List<SegmentPack>();
        foreach (var pack in inventory.Packs.Values.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            var check = await PackScrubber.CheckAsync(_blobs, pack, _blocks.Cipher, pace.WaitAsync, _blocks.CheckStoredDeltaAsync, cancellationToken);
            if (check.Gone)
            {
                gone.Add(pack);
                continue;
            }

            tally.CountPack(check);
            await QuarantineAsync(inventory, pack, check.Bad, tally, cancellationToken);
        }

        if (gone.Count == 0)
        {
            return;
        }

        // A collection that deleted a pack since the segments were read tombstoned it first: its blocks live in new
        // packs, checked next time. A pack still listed without a tombstone was lost, and its blocks with it.
        var now = await PackInventory.ReadAsync(_blobs, cancellationToken);
        foreach (var pack in gone.Where(p => now.Packs.ContainsKey(p.Id)))
        {
            if (await _blobs.HeadAsync(PackKeys.Pack(pack.Id), cancellationToken) is null)
            {
                await QuarantineAsync(now, pack, pack.Chunks.Select(c => (c.Signature, $"its pack {pack.Id} is missing from the store")).ToList(), tally, cancellationToken);
            }
        }
    }

    // Reports and quarantines the bad copies of one pack, except those quarantined before.
    private async Task QuarantineAsync(PackInventory inventory, SegmentPack pack, IReadOnlyList<(string Signature, string Reason)> bad, ScrubTally tally, CancellationToken cancellationToken)
    {
        var found = bad.Where(b => !inventory.Quarantined.Contains(new QuarantinedChunk(pack.Id, b.Signature))).ToList();
        foreach (var (signature, reason) in found)
        {
            Log.CorruptBlock(_logger, signature, pack.Id, reason);
            tally.AddBadBlock(new BadBlockInfo(signature, pack.Id, reason));
        }

        await _blocks.QuarantineAsync(found.Select(b => new QuarantinedChunk(pack.Id, b.Signature)).ToList(), cancellationToken);
    }

    private async Task CheckManifestsAsync(ScrubPace pace, ScrubTally tally, CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(ManifestPrefix, cancellationToken))
        {
            var parts = blob.Key.Split('/');
            var digest = Digest.Prefix + (parts.Length == 3 ? parts[1] + parts[2] : string.Empty);
            if (!Digest.IsValid(digest))
            {
                continue;
            }

            await pace.WaitAsync((int)Math.Min(blob.Size, int.MaxValue), cancellationToken);
            tally.CountManifest(blob.Size);
            if (await CheckManifestAsync(digest, cancellationToken) is { } reason)
            {
                Log.BadManifest(_logger, digest, reason);
                tally.AddBadManifest(new BadManifestInfo(digest, reason));
            }
        }
    }

    // Why the manifest is bad; null when it is sound. One manifest in memory at a time.
    private async Task<string?> CheckManifestAsync(string digest, CancellationToken cancellationToken)
    {
        Manifest manifest;
        try
        {
            if (await _datasets.GetManifestAsync(digest, cancellationToken) is not { } bytes)
            {
                return null; // deleted by a collection since it was listed
            }

            manifest = ManifestSerializer.Parse(bytes);
            ManifestValidator.Validate(manifest);
        }
        catch (DigestMismatchException e)
        {
            return e.Message;
        }
        catch (ManifestFormatException e)
        {
            return $"it does not parse: {e.Message}";
        }

        var distinct = manifest.Blocks.DistinctBy(b => b.Signature).ToList();
        var sizes = await _blocks.SizesAsync(distinct.Select(b => b.Signature).ToList(), refreshFirst: false, cancellationToken);
        var missing = distinct.Where(b => !sizes.ContainsKey(b.Signature)).Select(b => b.Signature).ToList();
        if (missing.Count > 0)
        {
            return $"it names {missing.Count} block(s) the hub does not have intact: {string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? ", ..." : string.Empty)}";
        }

        var wrong = distinct.FirstOrDefault(b => sizes[b.Signature] != b.Size);
        return wrong is null ? null : $"it records the wrong size for block {wrong.Signature}";
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Block {Signature} in pack {Pack} is corrupt, quarantined: {Reason}")]
        public static partial void CorruptBlock(ILogger logger, string signature, string pack, string reason);

        [LoggerMessage(2, LogLevel.Error, "Manifest {Digest} is bad: {Reason}")]
        public static partial void BadManifest(ILogger logger, string digest, string reason);

        [LoggerMessage(3, LogLevel.Information, "Verified {Packs} packs ({Blocks} blocks, {Bytes} bytes) and {Manifests} manifests: {BadBlocks} corrupt blocks, {BadManifests} bad manifests")]
        public static partial void Finished(ILogger logger, long packs, long blocks, long bytes, long manifests, long badBlocks, long badManifests);
    }
}
