using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Hub.Publishing;
using AetherFS.Hub.Telemetry;
using AetherFS.Protocol.Errors;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Datasets;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Application;

/// <summary>
/// Accepts manifests and tags in the order that keeps the store consistent: a manifest is stored only when it is
/// valid, canonical and every block it names is present; a tag only when its manifest is present. What it relies on
/// is claimed first, so garbage collection cannot take it away meanwhile (docs/architecture.md, "Garbage collection").
/// REST and gRPC both write through it.
/// </summary>
internal sealed partial class ManifestPublisher
{
    private const int MissingListedInMessage = 5;
    private readonly BlockStore _blocks;
    private readonly DatasetStore _datasets;
    private readonly ClaimStore _claims;
    private readonly TimeProvider _time;
    private readonly TagChangeSignal _changes;
    private readonly PushTimer _pushes;
    private readonly ILogger<ManifestPublisher> _logger;

    public ManifestPublisher(BlockStore blocks, DatasetStore datasets, ClaimStore claims, TimeProvider time, TagChangeSignal changes, PushTimer pushes, ILogger<ManifestPublisher> logger)
    {
        _blocks = blocks;
        _datasets = datasets;
        _claims = claims;
        _time = time;
        _changes = changes;
        _pushes = pushes;
        _logger = logger;
    }

    /// <summary>Stores a manifest under its digest, which it must hash to when <paramref name="expectedDigest"/> is given.</summary>
    /// <param name="pushId">The push it belongs to, whose claims already cover its blocks (it asked which were missing).</param>
    /// <param name="uploadedAgainst">The manifest the upload was a delta against: the store may keep it as one.</param>
    public async Task<Outcome<string>> PutManifestAsync(string? expectedDigest, ReadOnlyMemory<byte> bytes, string? pushId, CancellationToken cancellationToken, string? uploadedAgainst = null)
    {
        var checkedManifest = Check(expectedDigest, bytes, pushId);
        if (!checkedManifest.Succeeded)
        {
            return checkedManifest.Error;
        }

        var (digest, manifest) = checkedManifest.Value;
        using var activity = Telemetry.HubTracing.Source.StartActivity("publish manifest");
        activity?.SetTag("aetherfs.manifest.digest", digest);
        if (await StoreAsync(digest, manifest, bytes, pushId, cancellationToken, uploadedAgainst) is { } notStored)
        {
            return notStored;
        }

        Telemetry.HubMetrics.Published(bytes.Length);
        return digest;
    }

    /// <summary>
    /// Stores a manifest and points <paramref name="tags"/> at it (gRPC Publish). With <paramref name="createOnly"/>, every
    /// tag is checked before anything is stored, so a refused publish changes nothing.
    /// </summary>
    public async Task<Outcome<PublishedVersion>> PublishAsync(IReadOnlyList<(string Name, string Tag)> tags, bool createOnly, string? publisher, string? expectedDigest, ReadOnlyMemory<byte> bytes, string? pushId, CancellationToken cancellationToken)
    {
        if ((tags.Select(t => Inputs.NameAndTag(t.Name, t.Tag)).FirstOrDefault(e => e is not null) ?? Inputs.Publisher(publisher)) is { } invalidTag)
        {
            return invalidTag;
        }

        var checkedManifest = Check(expectedDigest, bytes, pushId);
        if (!checkedManifest.Succeeded)
        {
            return checkedManifest.Error;
        }

        var (digest, manifest) = checkedManifest.Value;
        using var activity = Telemetry.HubTracing.Source.StartActivity("publish");
        activity?.SetTag("aetherfs.manifest.digest", digest);
        if (createOnly)
        {
            foreach (var (name, tag) in tags)
            {
                if (await MovedAsync(name, tag, digest, cancellationToken) is { } refused)
                {
                    return refused;
                }
            }
        }

        if (await StoreAsync(digest, manifest, bytes, pushId, cancellationToken) is { } notStored)
        {
            return notStored;
        }

        var tagged = new List<TagEntry>();
        foreach (var (name, tag) in tags)
        {
            var record = await PutTagAsync(name, tag, digest, publisher, createOnly, pushId, cancellationToken);
            if (!record.Succeeded)
            {
                return record.Error;
            }

            tagged.Add(new TagEntry(name, tag, record.Value));
        }

        Telemetry.HubMetrics.Published(bytes.Length);
        return new PublishedVersion(digest, tagged);
    }

    /// <summary>Points <paramref name="name"/>:<paramref name="tag"/> at a manifest the store holds.</summary>
    /// <param name="createOnly">Refuse to move a tag that already points at another manifest.</param>
    /// <param name="pushId">The push this tag ends: its claims are released once the tag is written.</param>
    public async Task<Outcome<TagRecord>> PutTagAsync(string name, string tag, string digest, string? publisher, bool createOnly, string? pushId, CancellationToken cancellationToken)
    {
        if ((Inputs.NameAndTag(name, tag) ?? Inputs.Digest(digest) ?? Inputs.PushId(pushId) ?? Inputs.Publisher(publisher)) is { } invalid)
        {
            return invalid;
        }

        // Claim, then check (the manifest may be an old unreferenced one that a collection is about to delete).
        await _claims.ClaimAsync(Inputs.PushIdOrNull(pushId), [digest], cancellationToken);
        if (!await _datasets.HasManifestAsync(digest, cancellationToken))
        {
            return new ApiError(ErrorKind.MissingData, $"manifest {digest} is not on the hub: upload it before tagging it");
        }

        if (createOnly && await MovedAsync(name, tag, digest, cancellationToken) is { } refused)
        {
            return refused;
        }

        var record = new TagRecord(digest, _time.GetUtcNow().UtcDateTime, string.IsNullOrEmpty(publisher) ? null : publisher);
        await _datasets.PutTagAsync(name, tag, record, cancellationToken);
        _changes.Notify();
        Log.TagPublished(_logger, name, tag, digest);
        if (!string.IsNullOrEmpty(pushId))
        {
            // The tag references everything the push claimed now; collections that start later see it.
            await _claims.ReleaseAsync(pushId, cancellationToken);
            _pushes.Finished(pushId);
        }

        return record;
    }

    /// <summary>Removes a tag; the tag removed. The manifest stays for garbage collection to judge.</summary>
    public async Task<Outcome<string>> DeleteTagAsync(string name, string tag, CancellationToken cancellationToken)
    {
        if (Inputs.NameAndTag(name, tag) is { } invalid)
        {
            return invalid;
        }

        if (!await _datasets.DeleteTagAsync(name, tag, cancellationToken))
        {
            return DatasetQueries.TagNotFound(name, tag);
        }

        _changes.Notify();
        Log.TagDeleted(_logger, name, tag);
        return tag;
    }

    /// <summary>
    /// Deletes a version from a dataset: every tag of it that points at the digest (or at the version
    /// <paramref name="tagOrDigest"/> names). NotFound when the tag does not exist or no tag points at the digest.
    /// Garbage collection then reclaims what no other tag references.
    /// </summary>
    public async Task<Outcome<DeletedVersion>> DeleteVersionAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        if ((Inputs.Name(name) ?? Inputs.TagOrDigest(tagOrDigest)) is { } invalid)
        {
            return invalid;
        }

        var digest = tagOrDigest;
        if (!Digest.IsValid(digest))
        {
            if (await _datasets.GetTagAsync(name, tagOrDigest, cancellationToken) is not { } record)
            {
                return DatasetQueries.TagNotFound(name, tagOrDigest);
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

        if (deleted.Count == 0)
        {
            return ApiError.NotFound($"no tag of '{name}' points at {digest}");
        }

        _changes.Notify();
        return new DeletedVersion(name, digest, deleted.Order(StringComparer.Ordinal).ToList());
    }

    // The digest and parsed manifest of bytes that are a valid, canonical manifest (of the expected digest).
    private static Outcome<(string Digest, Manifest Manifest)> Check(string? expectedDigest, ReadOnlyMemory<byte> bytes, string? pushId)
    {
        if (((expectedDigest is null ? null : Inputs.Digest(expectedDigest)) ?? Inputs.PushId(pushId)) is { } invalid)
        {
            return invalid;
        }

        var digest = Digest.Compute(bytes.Span);
        if (expectedDigest is not null && digest != expectedDigest)
        {
            return ApiError.Invalid($"manifest bytes hash to {digest}, not {expectedDigest}");
        }

        Manifest manifest;
        try
        {
            manifest = ManifestSerializer.Parse(bytes);
            ManifestValidator.Validate(manifest);
        }
        catch (ManifestFormatException e)
        {
            return ApiError.Invalid(e.Message);
        }

        // Readers accept any mode up to 07777 (pulls drop the special bits); the hub stores only what a producer records.
        if (manifest.Entries.Select(ProducerModes.Refusal).FirstOrDefault(r => r is not null) is { } refusal)
        {
            return ApiError.Invalid($"manifest refused: {refusal}");
        }

        if (!ManifestSerializer.ToCanonicalBytes(manifest).AsSpan().SequenceEqual(bytes.Span))
        {
            return ApiError.Invalid("manifest is not in canonical form");
        }

        return (digest, manifest);
    }

    // Claims, then checks the blocks, then stores; null once stored.
    private async Task<ApiError?> StoreAsync(string digest, Manifest manifest, ReadOnlyMemory<byte> bytes, string? pushId, CancellationToken cancellationToken, string? uploadedAgainst = null)
    {
        // Claim, then check: the manifest must outlive collections until its tag is written, and so must its blocks,
        // and the manifest it may be stored as a delta against.
        pushId = Inputs.PushIdOrNull(pushId);
        string[] manifests = uploadedAgainst is null ? [digest] : [digest, uploadedAgainst];
        string[] claim = pushId is null ? [.. manifests, .. manifest.Blocks.Select(b => b.Signature).Distinct(StringComparer.Ordinal)] : manifests;
        await _claims.ClaimAsync(pushId, claim, cancellationToken);
        // Without a push, nothing earlier claimed the blocks: the claim above is new, so look only after it.
        if (await CheckBlocksAsync(manifest, refreshFirst: pushId is null, cancellationToken) is { } problem)
        {
            return problem;
        }

        await _datasets.PutManifestAsync(digest, bytes, cancellationToken, uploadedAgainst);
        Log.ManifestStored(_logger, digest, manifest.Entries.Count, manifest.Blocks.Count);
        return null;
    }

    private async Task<ApiError?> MovedAsync(string name, string tag, string digest, CancellationToken cancellationToken) =>
        await _datasets.GetTagAsync(name, tag, cancellationToken) is { } existing && existing.Digest != digest
            ? new ApiError(ErrorKind.AlreadyExists, $"tag '{name}:{tag}' already points at {existing.Digest}")
            : null;

    private async Task<ApiError?> CheckBlocksAsync(Manifest manifest, bool refreshFirst, CancellationToken cancellationToken)
    {
        var distinct = manifest.Blocks.DistinctBy(b => b.Signature).ToList();
        var sizes = await _blocks.SizesAsync(distinct.Select(b => b.Signature).ToList(), refreshFirst, cancellationToken);
        var missing = distinct.Where(b => !sizes.ContainsKey(b.Signature)).Select(b => b.Signature).ToList();
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(MissingListedInMessage)) + (missing.Count > MissingListedInMessage ? ", ..." : string.Empty);
            return new ApiError(ErrorKind.MissingData, $"manifest references {missing.Count} block(s) the hub does not have: {listed}", missing);
        }

        var wrongSize = distinct.Where(b => sizes[b.Signature] != b.Size).Select(b => b.Signature).FirstOrDefault();
        return wrongSize is null ? null : ApiError.Invalid($"manifest records the wrong size for block {wrongSize}");
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
