using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Datasets;
using AetherFS.Hub.Deltas;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Blocks;

namespace AetherFS.Hub.Application;

/// <summary>
/// What a pull of one version downloads after another, in the sizes the hub sends (block payloads as stored,
/// compressed): manifests carry only raw sizes, so the store's index answers for the compressed ones. Asked over
/// the API, it also counts what a holder of the first version downloads with deltas: the same choice, block by
/// block, that a fetch naming that version as held gets (<see cref="TransferDeltas"/>).
/// </summary>
internal sealed class TransferCalculator
{
    private readonly ManifestCache _manifests;
    private readonly BlockStore _blocks;
    private readonly TransferDeltas _deltas;
    private readonly ManifestDeltas _manifestDeltas;
    private readonly AetherFS.Storage.Datasets.DatasetStore _datasets;

    public TransferCalculator(ManifestCache manifests, BlockStore blocks, TransferDeltas deltas, ManifestDeltas manifestDeltas, AetherFS.Storage.Datasets.DatasetStore datasets)
    {
        _manifests = manifests;
        _blocks = blocks;
        _deltas = deltas;
        _manifestDeltas = manifestDeltas;
        _datasets = datasets;
    }

    /// <summary>The transfer to the manifest <paramref name="digest"/> from <paramref name="from"/> (null: from nothing).</summary>
    public async Task<Outcome<TransferReport>> ComputeAsync(string digest, string? from, CancellationToken cancellationToken)
    {
        if ((Inputs.Digest(digest) ?? (from is null ? null : Inputs.Digest(from))) is { } invalid)
        {
            return invalid;
        }

        if (await _manifests.GetAsync(digest, cancellationToken) is not { } target)
        {
            return ApiError.NotFound($"manifest {digest} not found");
        }

        ManifestIndex? source = null;
        if (from is not null && (source = await _manifests.GetAsync(from, cancellationToken)) is null)
        {
            return ApiError.NotFound($"manifest {from} not found");
        }

        return await ComputeAsync(target, source, cancellationToken);
    }

    /// <summary>
    /// The transfer to <paramref name="target"/> from <paramref name="source"/> (null: from nothing), with what a holder
    /// of the source downloads as deltas, its manifest included.
    /// </summary>
    public async Task<TransferReport> ComputeAsync(ManifestIndex target, ManifestIndex? source, CancellationToken cancellationToken)
    {
        var report = await ComputeAsync(target.Digest, target.Manifest, source?.Digest, source?.Manifest, cancellationToken);
        report = report with { ManifestSentBytes = await ManifestSentBytesAsync(target.Digest, source?.Digest, cancellationToken) };
        return source is null || source.Digest == target.Digest ? report : await WithDeltasAsync(report, new DeltaBaseFinder(source, target), cancellationToken);
    }

    // The manifest as a pull that names from's manifest as held gets it (the endpoint checked that the caller may read it).
    private async Task<long> ManifestSentBytesAsync(string digest, string? from, CancellationToken cancellationToken)
    {
        if (await _datasets.GetManifestPayloadAsync(digest, cancellationToken) is not { } payload)
        {
            return 0;
        }

        return from is null ? payload.Length : (await _manifestDeltas.FindAsync(digest, from, payload, cancellationToken))?.Length ?? payload.Length;
    }

    /// <summary>
    /// The report with what a holder of its <c>from</c> version downloads: each new block encoded as a fetch with
    /// that version held would encode it (deltas are cached, so the fetch that follows does not encode them again).
    /// </summary>
    private async Task<TransferReport> WithDeltasAsync(TransferReport report, DeltaBaseFinder finder, CancellationToken cancellationToken)
    {
        var fresh = finder.Wanted.Manifest.Blocks.Select(b => b.Signature).Where(s => !finder.IsHeld(s)).Distinct(StringComparer.Ordinal).ToList();
        var (deltas, deltaBytes, saved) = (0, 0L, 0L);
        var full = await _blocks.PayloadSizesAsync(fresh, cancellationToken);
        await _blocks.ReadPayloadsAsync(
            fresh,
            async (signature, payload) =>
            {
                if (await _deltas.FindAsync(finder, signature, payload, cancellationToken) is { } delta)
                {
                    // A stored delta sent as it is stands in for the full payload the report counted.
                    deltas++;
                    deltaBytes += delta.Length;
                    saved += (BlockDelta.IsDelta(payload.Span) && full.TryGetValue(signature, out var stood) ? stood : payload.Length) - delta.Length;
                }
            },
            cancellationToken,
            TransferDeltas.BasesHeldBy(finder));
        return report with { DeltaBlocks = deltas, DeltaSentBytes = deltaBytes, TransferSentBytes = report.NewSentBytes - saved };
    }

    /// <summary>The transfer between two manifests already read, without deltas (the UI's version history, over every tag).</summary>
    public async Task<TransferReport> ComputeAsync(string digest, Manifest target, string? from, Manifest? source, CancellationToken cancellationToken)
    {
        var known = source?.Blocks.Select(b => b.Signature).ToHashSet(StringComparer.Ordinal) ?? [];
        var distinct = target.Blocks.DistinctBy(b => b.Signature).ToList();
        var sent = await _blocks.PayloadSizesAsync(distinct.Select(b => b.Signature).ToList(), cancellationToken);
        var (blocks, bytes, sentBytes, shared, sharedBytes, sharedSent) = (0, 0L, 0L, 0, 0L, 0L);
        foreach (var block in distinct)
        {
            // A block the store lacks (collected under a dangling tag) would travel raw-sized at best: count it so.
            var size = sent.TryGetValue(block.Signature, out var payload) ? payload : block.Size;
            blocks++;
            bytes += block.Size;
            sentBytes += size;
            if (known.Contains(block.Signature))
            {
                shared++;
                sharedBytes += block.Size;
                sharedSent += size;
            }
        }

        return new TransferReport(digest, from, blocks, bytes, sentBytes, shared, sharedBytes, sharedSent, blocks - shared, bytes - sharedBytes, sentBytes - sharedSent)
        {
            TransferSentBytes = sentBytes - sharedSent,
        };
    }
}
