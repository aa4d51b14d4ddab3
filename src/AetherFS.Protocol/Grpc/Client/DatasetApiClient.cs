using System.Runtime.CompilerServices;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Protocol.Dataset.V1;
using AetherFS.Protocol.Grpc.Mapping;

namespace AetherFS.Protocol.Grpc.Client;

/// <summary>Typed client of <c>aetherfs.dataset.v1.DatasetAPI</c>.</summary>
public sealed class DatasetApiClient
{
    private const string Service = "/aetherfs.dataset.v1.DatasetAPI/";
    private readonly GrpcChannel _channel;

    public DatasetApiClient(GrpcChannel channel) => _channel = channel;

    public Task<ListResponse> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken, CallOptions options = default) =>
        _channel.UnaryAsync(Service + "List", new ListRequest { PageToken = pageToken ?? string.Empty, PageSize = (uint)pageSize }, ListResponse.Parser, options, cancellationToken);

    /// <summary>Every tag of a dataset, following the pages.</summary>
    public async Task<IReadOnlyList<TagInfo>> ListTagsAsync(string name, CancellationToken cancellationToken, CallOptions options = default)
    {
        var tags = new List<TagInfo>();
        var token = string.Empty;
        do
        {
            var page = await _channel.UnaryAsync(Service + "ListTags", new ListTagsRequest { Name = name, PageToken = token }, ListTagsResponse.Parser, options, cancellationToken);
            tags.AddRange(page.Tags);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return tags;
    }

    public Task<LookupResponse> LookupAsync(string name, string tagOrDigest, CancellationToken cancellationToken, CallOptions options = default) =>
        _channel.UnaryAsync(Service + "Lookup", new LookupRequest { Tag = new Tag { Name = name, Version = tagOrDigest } }, LookupResponse.Parser, options, cancellationToken);

    /// <summary>
    /// A version's manifest, checked: it must serialize to canonical bytes that hash to the digest the hub
    /// named (and to <paramref name="tagOrDigest"/> when that is a digest).
    /// </summary>
    public async Task<(string Digest, Manifest Manifest, TagInfo? Tag)> GetManifestAsync(string name, string tagOrDigest, CancellationToken cancellationToken, CallOptions options = default)
    {
        var response = await LookupAsync(name, tagOrDigest, cancellationToken, options);
        var manifest = DatasetMapper.ToManifest(response.Dataset);
        var actual = Digest.Compute(ManifestSerializer.ToCanonicalBytes(manifest));
        var expected = Digest.IsValid(tagOrDigest) ? tagOrDigest : response.Dataset.Digest;
        if (actual != expected)
        {
            throw new Core.Blocks.DigestMismatchException(expected, actual);
        }

        return (actual, manifest, response.Tag);
    }

    public Task<PublishResponse> PublishAsync(PublishRequest request, CancellationToken cancellationToken, CallOptions options = default) =>
        _channel.UnaryAsync(Service + "Publish", request, PublishResponse.Parser, options, cancellationToken);

    public Task<DeleteResponse> DeleteAsync(string name, string tag, CancellationToken cancellationToken, CallOptions options = default) =>
        _channel.UnaryAsync(Service + "Delete", new DeleteRequest { Tag = new Tag { Name = name, Version = tag } }, DeleteResponse.Parser, options, cancellationToken);

    /// <summary>The current version of each tag, then every change, until cancelled.</summary>
    public async IAsyncEnumerable<SubscribeResponse> SubscribeAsync(IEnumerable<Tag> tags, [EnumeratorCancellation] CancellationToken cancellationToken, CallOptions options = default)
    {
        var request = new SubscribeRequest();
        request.Tags.AddRange(tags);
        await foreach (var change in _channel.ServerStreamingAsync(Service + "Subscribe", request, SubscribeResponse.Parser, options, cancellationToken))
        {
            yield return change;
        }
    }
}
