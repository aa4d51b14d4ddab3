using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Grpc.Server;
using AetherFS.Hub.Publishing;
using AetherFS.Protocol.Dataset.V1;
using AetherFS.Protocol.Grpc;
using AetherFS.Protocol.Grpc.Mapping;
using AetherFS.Storage.Datasets;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Services;

/// <summary>
/// <c>aetherfs.dataset.v1.DatasetAPI</c>: the same operations as the REST dataset, manifest and tag endpoints,
/// with the same checks (see docs/grpc.md for the mapping).
/// </summary>
internal sealed class DatasetApiService : IGrpcService
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    /// <summary>Shared with the REST watch endpoint.</summary>
    public const int MaxSubscribedTags = 1000;

    private readonly DatasetStore _datasets;
    private readonly ManifestPublisher _publisher;
    private readonly TagFollower _follower;

    public DatasetApiService(DatasetStore datasets, ManifestPublisher publisher, TagFollower follower)
    {
        _datasets = datasets;
        _publisher = publisher;
        _follower = follower;
    }

    private static ServiceDescriptor Service => ApiReflection.Descriptor.Services[0];

    public IReadOnlyList<ServiceDescriptor> Descriptors => [Service];

    public IEnumerable<GrpcMethod> Methods =>
    [
        new UnaryMethod<ListRequest, ListResponse>(Service, "List", ListRequest.Parser, ListAsync),
        new UnaryMethod<ListTagsRequest, ListTagsResponse>(Service, "ListTags", ListTagsRequest.Parser, ListTagsAsync),
        new UnaryMethod<LookupRequest, LookupResponse>(Service, "Lookup", LookupRequest.Parser, LookupAsync),
        new UnaryMethod<PublishRequest, PublishResponse>(Service, "Publish", PublishRequest.Parser, PublishAsync),
        new UnaryMethod<DeleteRequest, DeleteResponse>(Service, "Delete", DeleteRequest.Parser, DeleteAsync),
        new ServerStreamingMethod<SubscribeRequest>(Service, "Subscribe", SubscribeRequest.Parser, SubscribeAsync),
    ];

    private async Task<ListResponse> ListAsync(ListRequest request, GrpcServerCall call)
    {
        var pageSize = PageSize(request.PageSize);
        var after = request.PageToken.Length == 0 ? null : request.PageToken;
        var names = await _datasets.ListDatasetsAsync(after, pageSize + 1, call.CancellationToken);
        var response = new ListResponse();
        response.Datasets.AddRange(names.Take(pageSize));
        response.NextPageToken = names.Count > pageSize ? names[pageSize - 1] : string.Empty;
        return response;
    }

    private async Task<ListTagsResponse> ListTagsAsync(ListTagsRequest request, GrpcServerCall call)
    {
        ValidateName(request.Name);
        var pageSize = PageSize(request.PageSize);
        var response = new ListTagsResponse();
        var any = false;
        await foreach (var (tag, record) in _datasets.ListTagsAsync(request.Name, call.CancellationToken))
        {
            any = true;
            if (request.PageToken.Length > 0 && string.CompareOrdinal(tag, request.PageToken) <= 0)
            {
                continue;
            }

            if (response.Tags.Count == pageSize)
            {
                response.NextPageToken = response.Tags[^1].Tag.Version;
                break;
            }

            response.Tags.Add(DatasetMapper.ToMessage(request.Name, tag, record));
        }

        return any ? response : throw new GrpcException(GrpcStatusCode.NotFound, $"dataset '{request.Name}' not found");
    }

    private async Task<LookupResponse> LookupAsync(LookupRequest request, GrpcServerCall call)
    {
        var tag = request.Tag ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "give a tag (name and version)");
        ValidateName(tag.Name);
        var response = new LookupResponse();
        var digest = tag.Version;
        if (!Digest.IsValid(digest))
        {
            ValidateTag(tag.Version);
            var record = await _datasets.GetTagAsync(tag.Name, tag.Version, call.CancellationToken)
                ?? throw new GrpcException(GrpcStatusCode.NotFound, $"tag '{tag.Name}:{tag.Version}' not found");
            response.Tag = DatasetMapper.ToMessage(tag.Name, tag.Version, record);
            digest = record.Digest;
        }

        var bytes = await _datasets.GetManifestAsync(digest, call.CancellationToken)
            ?? throw new GrpcException(GrpcStatusCode.NotFound, $"manifest {digest} not found");
        response.Dataset = DatasetMapper.ToMessage(ManifestSerializer.Parse(bytes), digest);
        return response;
    }

    private async Task<PublishResponse> PublishAsync(PublishRequest request, GrpcServerCall call)
    {
        var dataset = request.Dataset ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "give the dataset to publish");
        foreach (var tag in request.Tags)
        {
            ValidateName(tag.Name);
            ValidateTag(tag.Version);
        }

        var manifest = DatasetMapper.ToManifest(dataset);
        ManifestValidator.Validate(manifest);
        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);
        var digest = Digest.Compute(bytes);
        if (request.CreateOnly)
        {
            // Check every tag before storing or moving anything, so a refused publish changes nothing.
            foreach (var tag in request.Tags)
            {
                if (await _datasets.GetTagAsync(tag.Name, tag.Version, call.CancellationToken) is { } existing && existing.Digest != digest)
                {
                    throw new GrpcException(GrpcStatusCode.AlreadyExists, $"tag '{tag.Name}:{tag.Version}' already points at {existing.Digest}");
                }
            }
        }

        var pushId = PushIds.TryRead(call.Context.Request, out var id) ? id : throw new GrpcException(GrpcStatusCode.InvalidArgument, PushIds.Invalid);
        var problem = await _publisher.PutValidatedManifestAsync(digest, manifest, bytes, call.CancellationToken, pushId);
        if (problem is not null)
        {
            throw GrpcErrors.FromProblem(problem);
        }

        var response = new PublishResponse { Digest = digest };
        var publisher = request.Publisher.Length == 0 ? null : request.Publisher;
        foreach (var tag in request.Tags)
        {
            var (record, tagProblem) = await _publisher.PutTagAsync(tag.Name, tag.Version, digest, publisher, call.CancellationToken, request.CreateOnly, pushId);
            response.Tags.Add(record is null ? throw GrpcErrors.FromProblem(tagProblem!) : DatasetMapper.ToMessage(tag.Name, tag.Version, record));
        }

        return response;
    }

    private async Task<DeleteResponse> DeleteAsync(DeleteRequest request, GrpcServerCall call)
    {
        var tag = request.Tag ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "give the tag to delete");
        ValidateName(tag.Name);
        if (Digest.IsValid(tag.Version))
        {
            // A version: every tag of the dataset that points at it.
            var (_, deleted) = await _publisher.DeleteVersionAsync(tag.Name, tag.Version, call.CancellationToken) ?? default;
            if (deleted is not { Count: > 0 })
            {
                throw new GrpcException(GrpcStatusCode.NotFound, $"no tag of '{tag.Name}' points at {tag.Version}");
            }

            return new DeleteResponse { DeletedTags = { deleted.Order(StringComparer.Ordinal) } };
        }

        ValidateTag(tag.Version);
        return await _publisher.DeleteTagAsync(tag.Name, tag.Version, call.CancellationToken)
            ? new DeleteResponse { DeletedTags = { tag.Version } }
            : throw new GrpcException(GrpcStatusCode.NotFound, $"tag '{tag.Name}:{tag.Version}' not found");
    }

    // Sends each tag's current version, then every move or deletion, until the client leaves or the deadline passes.
    private async Task SubscribeAsync(SubscribeRequest request, GrpcServerCall call)
    {
        if (request.Tags.Count is 0 or > MaxSubscribedTags)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, $"subscribe to between 1 and {MaxSubscribedTags} tags");
        }

        foreach (var tag in request.Tags)
        {
            ValidateName(tag.Name);
            ValidateTag(tag.Version);
        }

        var tags = request.Tags.Select(t => (t.Name, t.Version)).Distinct().ToList();
        await foreach (var change in _follower.FollowAsync(tags, call.CancellationToken))
        {
            await call.WriteAsync(new SubscribeResponse { Tag = DatasetMapper.ToMessage(change.Name, change.Tag, change.Record), Deleted = change.Deleted });
        }
    }

    private static int PageSize(uint requested) => requested switch
    {
        0 => DefaultPageSize,
        > MaxPageSize => throw new GrpcException(GrpcStatusCode.InvalidArgument, $"page_size must be between 1 and {MaxPageSize}"),
        _ => (int)requested,
    };

    private static void ValidateName(string name)
    {
        if (DatasetName.Validate(name) is { } error)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, error);
        }
    }

    private static void ValidateTag(string tag)
    {
        if (TagName.Validate(tag) is { } error)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, error);
        }
    }
}
