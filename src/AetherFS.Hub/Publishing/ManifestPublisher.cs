using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Hub.Http;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Datasets;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Publishing;

/// <summary>
/// Accepts manifests and tags in the order that keeps the store consistent: a manifest is stored only when it is
/// valid, canonical and every block it names is present; a tag only when its manifest is present. What it relies on
/// is claimed first, so garbage collection cannot take it away meanwhile (docs/architecture.md, "Garbage collection").
/// </summary>
internal sealed partial class ManifestPublisher
{
    private const int MissingListedInDetail = 5;
    private readonly BlockStore _blocks;
    private readonly DatasetStore _datasets;
    private readonly ClaimStore _claims;
    private readonly TimeProvider _time;
    private readonly TagChangeSignal _changes;
    private readonly ILogger<ManifestPublisher> _logger;

    public ManifestPublisher(BlockStore blocks, DatasetStore datasets, ClaimStore claims, TimeProvider time, TagChangeSignal changes, ILogger<ManifestPublisher> logger)
    {
        _blocks = blocks;
        _datasets = datasets;
        _claims = claims;
        _time = time;
        _changes = changes;
        _logger = logger;
    }

    /// <summary>Stores a manifest under its digest; a problem says why it was refused.</summary>
    /// <param name="pushId">The push it belongs to, whose claims already cover its blocks (it asked which were missing).</param>
    public async Task<ApiProblem?> PutManifestAsync(string digest, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken, string? pushId = null)
    {
        var actual = Digest.Compute(bytes.Span);
        if (actual != digest)
        {
            return ApiProblem.BadRequest($"manifest bytes hash to {actual}, not {digest}");
        }

        var manifest = ManifestSerializer.Parse(bytes);
        ManifestValidator.Validate(manifest);
        if (!ManifestSerializer.ToCanonicalBytes(manifest).AsSpan().SequenceEqual(bytes.Span))
        {
            return ApiProblem.BadRequest("manifest is not in canonical form");
        }

        return await StoreAsync(digest, manifest, bytes, pushId, cancellationToken);
    }

    /// <summary>
    /// Stores a manifest its caller built, validated and serialized canonically itself (gRPC Publish), so it is
    /// not parsed again; <paramref name="digest"/> is the SHA-256 the caller computed of <paramref name="canonicalBytes"/>.
    /// </summary>
    public Task<ApiProblem?> PutValidatedManifestAsync(string digest, Manifest manifest, byte[] canonicalBytes, CancellationToken cancellationToken, string? pushId = null) =>
        StoreAsync(digest, manifest, canonicalBytes, pushId, cancellationToken);

    private async Task<ApiProblem?> StoreAsync(string digest, Manifest manifest, ReadOnlyMemory<byte> bytes, string? pushId, CancellationToken cancellationToken)
    {
        // Claim, then check: the manifest must outlive collections until its tag is written, and so must its blocks.
        string[] claim = pushId is null ? [digest, .. manifest.Blocks.Select(b => b.Signature).Distinct(StringComparer.Ordinal)] : [digest];
        await _claims.ClaimAsync(pushId, claim, cancellationToken);
        var problem = await CheckBlocksAsync(manifest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await _datasets.PutManifestAsync(digest, bytes, cancellationToken);
        Log.ManifestStored(_logger, digest, manifest.Entries.Count, manifest.Blocks.Count);
        return null;
    }

    /// <summary>Points <paramref name="name"/>:<paramref name="tag"/> at a manifest the store holds.</summary>
    /// <param name="createOnly">Refuse (412) to move a tag that already points at another manifest.</param>
    /// <param name="pushId">The push this tag ends: its claims are released once the tag is written.</param>
    public async Task<(TagRecord? Record, ApiProblem? Problem)> PutTagAsync(string name, string tag, string digest, string? publisher, CancellationToken cancellationToken, bool createOnly = false, string? pushId = null)
    {
        if (!Digest.IsValid(digest))
        {
            return (null, ApiProblem.BadRequest($"invalid digest '{digest}'"));
        }

        // Claim, then check (the manifest may be an old unreferenced one that a collection is about to delete).
        await _claims.ClaimAsync(pushId, [digest], cancellationToken);
        if (!await _datasets.HasManifestAsync(digest, cancellationToken))
        {
            return (null, ApiProblem.Conflict($"manifest {digest} is not on the hub: upload it before tagging it"));
        }

        if (createOnly && await _datasets.GetTagAsync(name, tag, cancellationToken) is { } existing && existing.Digest != digest)
        {
            return (null, new ApiProblem(
                Microsoft.AspNetCore.Http.StatusCodes.Status412PreconditionFailed,
                "Tag exists",
                $"tag '{name}:{tag}' already points at {existing.Digest}"));
        }

        var record = new TagRecord(digest, _time.GetUtcNow().UtcDateTime, publisher);
        await _datasets.PutTagAsync(name, tag, record, cancellationToken);
        _changes.Notify();
        Log.TagPublished(_logger, name, tag, digest);
        if (pushId is not null)
        {
            // The tag references everything the push claimed now; collections that start later see it.
            await _claims.ReleaseAsync(pushId, cancellationToken);
        }

        return (record, null);
    }

    /// <summary>Removes a tag; false when it did not exist. The manifest stays for garbage collection to judge.</summary>
    public async Task<bool> DeleteTagAsync(string name, string tag, CancellationToken cancellationToken)
    {
        if (!await _datasets.DeleteTagAsync(name, tag, cancellationToken))
        {
            return false;
        }

        _changes.Notify();
        Log.TagDeleted(_logger, name, tag);
        return true;
    }

    /// <summary>
    /// Deletes a version from a dataset: every tag of it that points at the digest (or at the version
    /// <paramref name="tagOrDigest"/> names). Null when the tag does not exist; no tags when none points at the digest.
    /// Garbage collection then reclaims what no other tag references.
    /// </summary>
    public async Task<(string Digest, IReadOnlyList<string> Tags)?> DeleteVersionAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        var digest = tagOrDigest;
        if (!Digest.IsValid(digest))
        {
            if (await _datasets.GetTagAsync(name, tagOrDigest, cancellationToken) is not { } record)
            {
                return null;
            }

            digest = record.Digest;
        }

        var pointing = new List<string>();
        await foreach (var (tag, record) in _datasets.ListTagsAsync(name, cancellationToken))
        {
            if (record.Digest == digest)
            {
                pointing.Add(tag);
            }
        }

        var deleted = new List<string>();
        foreach (var tag in pointing)
        {
            if (await _datasets.DeleteTagAsync(name, tag, cancellationToken))
            {
                deleted.Add(tag);
                Log.TagDeleted(_logger, name, tag);
            }
        }

        if (deleted.Count > 0)
        {
            _changes.Notify();
        }

        return (digest, deleted);
    }

    private async Task<ApiProblem?> CheckBlocksAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        var distinct = manifest.Blocks.DistinctBy(b => b.Signature).ToList();
        var sizes = new int?[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => sizes[i] = await _blocks.SizeAsync(distinct[i].Signature, ct));

        var missing = distinct.Where((_, i) => sizes[i] is null).Select(b => b.Signature).ToList();
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(MissingListedInDetail)) + (missing.Count > MissingListedInDetail ? ", ..." : string.Empty);
            return ApiProblem.Conflict(
                $"manifest references {missing.Count} block(s) the hub does not have: {listed}",
                new Dictionary<string, object?> { ["missingBlocks"] = missing });
        }

        var wrongSize = distinct.Where((b, i) => sizes[i] != b.Size).Select(b => b.Signature).FirstOrDefault();
        return wrongSize is null ? null : ApiProblem.BadRequest($"manifest records the wrong size for block {wrongSize}");
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Stored manifest {Digest} ({Entries} entries, {Blocks} blocks)")]
        public static partial void ManifestStored(ILogger logger, string digest, int entries, int blocks);

        [LoggerMessage(2, LogLevel.Information, "Tagged {Name}:{Tag} -> {Digest}")]
        public static partial void TagPublished(ILogger logger, string name, string tag, string digest);

        [LoggerMessage(3, LogLevel.Information, "Deleted tag {Name}:{Tag}")]
        public static partial void TagDeleted(ILogger logger, string name, string tag);
    }
}
