using AetherFS.Core.Datasets;
using AetherFS.Hub.Publishing;
using AetherFS.Protocol.Errors;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Application;

/// <summary>What REST and gRPC read about datasets, tags and versions, with their checks and messages in one place.</summary>
internal sealed class DatasetQueries
{
    private readonly DatasetStore _datasets;
    private readonly TagFollower _follower;

    public DatasetQueries(DatasetStore datasets, TagFollower follower)
    {
        _datasets = datasets;
        _follower = follower;
    }

    /// <summary>Dataset names in ordinal order, after <paramref name="after"/>, only those <paramref name="visible"/> accepts.</summary>
    public async Task<Outcome<Page<string>>> ListDatasetsAsync(string? after, long? pageSize, string pageSizeParameter, Func<string, bool> visible, CancellationToken cancellationToken)
    {
        var size = HubLimits.PageSize(pageSize, pageSizeParameter);
        if (!size.Succeeded)
        {
            return size.Error;
        }

        // Reads on past names the caller may not see, a store page at a time, so a page is full whenever it can be.
        var items = new List<string>(size.Value + 1);
        while (true)
        {
            var names = await _datasets.ListDatasetsAsync(after, size.Value + 1, cancellationToken);
            items.AddRange(names.Where(visible));
            if (items.Count > size.Value || names.Count <= size.Value)
            {
                break;
            }

            after = names[^1];
        }

        var page = items.Take(size.Value).ToList();
        return new Page<string>(page, items.Count > size.Value ? page[^1] : null);
    }

    /// <summary>A dataset's tags in ordinal order, after <paramref name="after"/>; NotFound for a dataset without tags.</summary>
    public async Task<Outcome<Page<TagEntry>>> ListTagsAsync(string name, string? after, long? pageSize, string pageSizeParameter, CancellationToken cancellationToken)
    {
        var size = HubLimits.PageSize(pageSize, pageSizeParameter);
        return size.Succeeded ? await ListTagsAsync(name, after, size.Value, cancellationToken) : size.Error;
    }

    /// <summary>Every tag of a dataset in ordinal order (REST answers them in one list); NotFound for a dataset without tags.</summary>
    public async Task<Outcome<Page<TagEntry>>> ListAllTagsAsync(string name, CancellationToken cancellationToken) =>
        await ListTagsAsync(name, null, int.MaxValue, cancellationToken);

    private async Task<Outcome<Page<TagEntry>>> ListTagsAsync(string name, string? after, int pageSize, CancellationToken cancellationToken)
    {
        if (Inputs.Name(name) is { } invalid)
        {
            return invalid;
        }

        var items = new List<TagEntry>();
        var any = false;
        string? next = null;
        await foreach (var (tag, record) in _datasets.ListTagsAsync(name, cancellationToken))
        {
            any = true;
            if (after is not null && string.CompareOrdinal(tag, after) <= 0)
            {
                continue;
            }

            if (items.Count == pageSize)
            {
                next = items[^1].Tag;
                break;
            }

            items.Add(new TagEntry(name, tag, record));
        }

        return any ? new Page<TagEntry>(items, next) : ApiError.NotFound($"dataset '{name}' not found");
    }

    public async Task<Outcome<TagRecord>> GetTagAsync(string name, string tag, CancellationToken cancellationToken)
    {
        if (Inputs.NameAndTag(name, tag) is { } invalid)
        {
            return invalid;
        }

        return await _datasets.GetTagAsync(name, tag, cancellationToken) is { } record ? record : TagNotFound(name, tag);
    }

    /// <summary>A version of <paramref name="name"/> by tag or digest, with its manifest's canonical bytes (verified).</summary>
    /// <remarks>A digest picks the version whatever the name: manifests are stored once, by digest.</remarks>
    public async Task<Outcome<ManifestVersion>> FindVersionAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(name, tagOrDigest, cancellationToken);
        if (!resolved.Succeeded)
        {
            return resolved.Error;
        }

        var (digest, record) = resolved.Value;
        var bytes = await FindManifestAsync(digest, cancellationToken);
        return bytes.Succeeded ? new ManifestVersion(digest, record, bytes.Value) : bytes.Error;
    }

    /// <summary>The digest a tag points at (with its record), or the digest itself.</summary>
    public async Task<Outcome<(string Digest, TagRecord? Tag)>> ResolveAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        if ((Inputs.Name(name) ?? Inputs.TagOrDigest(tagOrDigest)) is { } invalid)
        {
            return invalid;
        }

        if (Inputs.Digest(tagOrDigest) is null)
        {
            return (tagOrDigest, null);
        }

        return await _datasets.GetTagAsync(name, tagOrDigest, cancellationToken) is { } record
            ? (record.Digest, record)
            : TagNotFound(name, tagOrDigest);
    }

    /// <summary>A manifest's canonical bytes by digest, verified.</summary>
    public async Task<Outcome<byte[]>> FindManifestAsync(string digest, CancellationToken cancellationToken)
    {
        if (Inputs.Digest(digest) is { } invalid)
        {
            return invalid;
        }

        return await _datasets.GetManifestAsync(digest, cancellationToken) is { } bytes ? bytes : ManifestNotFound(digest);
    }

    /// <summary>A manifest as stored (a compressed payload), verified: what clients that decode it themselves fetch.</summary>
    public async Task<Outcome<byte[]>> FindManifestPayloadAsync(string digest, CancellationToken cancellationToken)
    {
        if (Inputs.Digest(digest) is { } invalid)
        {
            return invalid;
        }

        return await _datasets.GetManifestPayloadAsync(digest, cancellationToken) is { } payload ? payload : ManifestNotFound(digest);
    }

    /// <summary>
    /// Follows tags (Subscribe, watch): each one's current version, then every move or deletion, until cancelled.
    /// The error comes at once, before anything is followed.
    /// </summary>
    public Outcome<IAsyncEnumerable<TagChange>> Follow(IReadOnlyCollection<(string Name, string Tag)> tags, CancellationToken cancellationToken)
    {
        if (tags.Count is 0 or > HubLimits.MaxSubscribedTags)
        {
            return ApiError.Invalid($"follow between 1 and {HubLimits.MaxSubscribedTags} tags");
        }

        if (tags.Select(t => Inputs.NameAndTag(t.Name, t.Tag)).FirstOrDefault(e => e is not null) is { } invalid)
        {
            return invalid;
        }

        // An interface converts to an outcome only explicitly.
        return new Outcome<IAsyncEnumerable<TagChange>>(_follower.FollowAsync(tags.Distinct().ToList(), cancellationToken));
    }

    public static ApiError TagNotFound(string name, string tag) => ApiError.NotFound($"tag '{name}:{tag}' not found");

    private static ApiError ManifestNotFound(string digest) => ApiError.NotFound($"manifest {digest} not found");
}
