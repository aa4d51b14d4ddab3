using AetherFS.Serving.Grpc;
using AetherFS.Core.References;
using AetherFS.Hub.Application;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf;
using Grpc.Core;

namespace AetherFS.Hub.Grpc;

/// <summary>
/// <c>aetherfs.dataset.v1.DatasetAPI</c> on grpc-dotnet: the application layer's dataset operations as RPCs (see
/// docs/grpc.md for the REST equivalents). Manifests travel as their canonical bytes, in parts, so a client hashes
/// exactly what the hub stored and no message must hold a whole manifest.
/// </summary>
internal sealed class DatasetApiService : DatasetAPI.DatasetAPIBase
{
    /// <summary>Manifest parts stay well under every client's default 4 MiB message limit.</summary>
    public const int PartSize = 1024 * 1024;

    // Room in a message beside its repeated entries (the next page token) or its bytes (their tag and length).
    private const int MessageOverhead = 1024;

    private readonly DatasetQueries _queries;
    private readonly ManifestPublisher _publisher;
    private readonly HubOptions _options;

    private readonly Security.AccessCheck _access;
    private readonly Usage.UsageRecorder _usage;

    public DatasetApiService(DatasetQueries queries, ManifestPublisher publisher, HubOptions options, Security.AccessCheck access, Usage.UsageRecorder usage)
    {
        _access = access;
        _usage = usage;
        _queries = queries;
        _publisher = publisher;
        _options = options;
    }

    private int Budget => _options.GrpcMaxMessageSize - MessageOverhead;

    public override async Task<ListResponse> List(ListRequest request, ServerCallContext context)
    {
        var page = (await _queries.ListDatasetsAsync(EmptyAsNull(request.PageToken), PageSize(request.PageSize), "page_size", name => _access.MayRead(Security.Caller.Of(context.GetHttpContext()), name), context.CancellationToken)).ValueOrThrow();
        var fitting = MessageBudget.Fitting(page.Items, name => 1 + CodedOutputStream.ComputeStringSize(name), Budget);
        var response = new ListResponse { Datasets = { page.Items.Take(fitting) } };
        response.NextPageToken = fitting < page.Items.Count ? page.Items[fitting - 1] : page.Next ?? string.Empty;
        return response;
    }

    public override async Task<ListTagsResponse> ListTags(ListTagsRequest request, ServerCallContext context)
    {
        var page = (await _queries.ListTagsAsync(request.Name, EmptyAsNull(request.PageToken), PageSize(request.PageSize), "page_size", context.CancellationToken)).ValueOrThrow();
        var tags = page.Items.Select(entry => TagMessages.ToMessage(entry.Name, entry.Tag, entry.Record)).ToList();
        var fitting = MessageBudget.Fitting(tags, TagMessages.SizeInRepeatedField, Budget);
        var response = new ListTagsResponse { Tags = { tags.Take(fitting) } };
        response.NextPageToken = fitting < tags.Count ? page.Items[fitting - 1].Tag : page.Next ?? string.Empty;
        return response;
    }

    public override async Task Lookup(LookupRequest request, IServerStreamWriter<LookupResponse> responseStream, ServerCallContext context)
    {
        var tag = request.Tag ?? new Tag();
        var version = (await _queries.FindVersionAsync(tag.Name, tag.Version, context.CancellationToken)).ValueOrThrow();
        await responseStream.WriteAsync(new LookupResponse
        {
            Tag = version.Tag is { } record ? TagMessages.ToMessage(tag.Name, tag.Version, record) : null,
            Digest = version.Digest,
            ManifestSize = version.Bytes.Length,
        });
        _usage.RecordPull(tag.Name, tag.Version, context.GetHttpContext(), version.Bytes.Length);
        Telemetry.HubMetrics.ManifestFetched(version.Bytes.Length);

        var partSize = Math.Min(PartSize, Budget);
        for (var offset = 0; offset < version.Bytes.Length; offset += partSize)
        {
            // The part is serialized before WriteAsync returns, so wrapping the array without a copy is safe.
            var part = version.Bytes.AsMemory(offset, Math.Min(partSize, version.Bytes.Length - offset));
            await responseStream.WriteAsync(new LookupResponse { ManifestPart = UnsafeByteOperations.UnsafeWrap(part) });
        }
    }

    public override async Task<PublishResponse> Publish(IAsyncStreamReader<PublishRequest> requestStream, ServerCallContext context)
    {
        PublishRequest? first = null;
        using var manifest = new PartBuffer(_options.MaxManifestSize);
        await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
        {
            first ??= message;
            if (!manifest.TryAppend(message.ManifestPart.Span))
            {
                throw HubLimits.ManifestTooLarge(_options.MaxManifestSize).ToRpcException();
            }
        }

        if (first is null || manifest.Length == 0)
        {
            throw Protocol.Errors.ApiError.Invalid("give the manifest to publish in manifest_part").ToRpcException();
        }

        var tags = first.Tags.Select(t => (t.Name, t.Version)).ToList();
        var published = (await _publisher.PublishAsync(tags, first.CreateOnly, first.Publisher, EmptyAsNull(first.Digest), manifest.Memory, context.PushId(), context.CancellationToken)).ValueOrThrow();
        var response = new PublishResponse { Digest = published.Digest };
        response.Tags.AddRange(published.Tags.Select(t => TagMessages.ToMessage(t.Name, t.Tag, t.Record)));
        return response;
    }

    public override async Task<DeleteResponse> Delete(DeleteRequest request, ServerCallContext context)
    {
        var tag = request.Tag ?? new Tag();
        // A digest deletes the version: every tag of the dataset that points at it.
        return Digest.IsValid(tag.Version)
            ? new DeleteResponse { DeletedTags = { (await _publisher.DeleteVersionAsync(tag.Name, tag.Version, context.CancellationToken)).ValueOrThrow().Tags } }
            : new DeleteResponse { DeletedTags = { (await _publisher.DeleteTagAsync(tag.Name, tag.Version, context.CancellationToken)).ValueOrThrow() } };
    }

    // Sends each tag's current version, then every move or deletion, until the client leaves or the deadline passes.
    public override async Task Subscribe(SubscribeRequest request, IServerStreamWriter<SubscribeResponse> responseStream, ServerCallContext context)
    {
        var changes = _queries.Follow(request.Tags.Select(t => (t.Name, t.Version)).ToList(), context.CancellationToken).ValueOrThrow();
        await foreach (var change in changes)
        {
            await responseStream.WriteAsync(new SubscribeResponse { Tag = TagMessages.ToMessage(change.Name, change.Tag, change.Record), Deleted = change.Deleted });
        }
    }

    // 0, proto3's default, asks for the default page size.
    private static long? PageSize(uint requested) => requested == 0 ? null : requested;

    private static string? EmptyAsNull(string value) => value.Length == 0 ? null : value;
}
