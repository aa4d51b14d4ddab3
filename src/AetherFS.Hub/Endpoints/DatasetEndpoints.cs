using AetherFS.Serving.Http;
using System.Net.ServerSentEvents;
using AetherFS.Hub.Application;
using AetherFS.Hub.Http;
using AetherFS.Hub.Publishing;
using AetherFS.Hub.Usage;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>/api/v1/datasets</c>: list datasets (paged), and under <c>{name}/-/</c> list, read, set and delete tags,
/// look up manifests by tag or digest and delete versions, follow tags as server-sent events (<c>watch</c>), and
/// keep the retention policy (<c>retention</c>), and report usage and storage (<c>stats</c>). Names hold '/', so one catch-all route splits at the '/-/' separator.
/// The application layer checks what the request names; this maps its answers to HTTP.
/// </summary>
internal static class DatasetEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ApiPaths.Datasets, ListAsync);
        app.MapGet(ApiPaths.Datasets + "/{**path}", GetAsync);
        app.MapPut(ApiPaths.Datasets + "/{**path}", PutAsync);
        app.MapDelete(ApiPaths.Datasets + "/{**path}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(DatasetQueries datasets, Security.AccessCheck access, HttpContext context, int? limit, string? after, CancellationToken cancellationToken) =>
        (await datasets.ListDatasetsAsync(after, limit, "limit", name => access.MayRead(Security.Caller.Of(context), name), cancellationToken))
            .ToResult(page => Results.Ok(new DatasetListResponse(page.Items.Select(n => new DatasetSummary(n)).ToList(), page.Next)));

    private static async Task<IResult> GetAsync(string path, DatasetQueries datasets, Deltas.ManifestDeltas deltas, RetentionService retention, UsageRecorder usage, DatasetStatsQuery stats, HttpContext context, CancellationToken cancellationToken)
    {
        var (request, response) = (context.Request, context.Response);
        switch (Parse(path))
        {
            case ("tags", { } name, null):
                return (await datasets.ListAllTagsAsync(name, cancellationToken)).ToResult(
                    page => Results.Ok(new TagListResponse(name, page.Items.Select(ToInfo).ToList())));
            case ("tags", { } name, { } tag):
                return (await datasets.GetTagAsync(name, tag, cancellationToken)).ToResult(
                    record => Results.Ok(new TagInfo(tag, record.Digest, record.PublishedAt, record.Publisher)));
            case ("watch", { } name, null):
                return Watch(name, request.Query["tag"].ToArray(), datasets, cancellationToken);
            case ("retention", { } name, null):
                return await RetentionEndpoints.GetAsync(name, retention, cancellationToken);
            case ("manifests", { } name, { } reference):
                var resolved = await datasets.ResolveAsync(name, reference, cancellationToken);
                if (!resolved.Succeeded)
                {
                    return resolved.Error.ToResult();
                }

                var served = await ManifestEndpoints.ServeAsync(resolved.Value.Digest, datasets, deltas, context, cancellationToken);
                if (HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey(ApiPaths.InspectHeader) && served is Microsoft.AspNetCore.Http.HttpResults.FileContentHttpResult { FileLength: { } length })
                {
                    // A pull: the manifest fetched by tag or digest (HEAD and inspections only look; manifests by digest alone name no dataset).
                    usage.RecordPull(name, reference, context, length);
                }

                return served;
            case ("stats", { } name, null):
                return (await stats.GetAsync(name, request.Query["since"].FirstOrDefault(), measureStorage: true, cancellationToken)).ToResult(Results.Ok);
            default:
                return NotARoute(path);
        }
    }

    // If-None-Match: * asks to create the tag only, never to move it (immutable version tags).
    private static async Task<IResult> PutAsync(string path, ManifestPublisher publisher, RetentionService retention, HttpRequest http, CancellationToken cancellationToken)
    {
        switch (Parse(path))
        {
            case ("retention", { } name, null):
                return await RetentionEndpoints.PutAsync(name, http, retention, cancellationToken);
            case ("tags", { } name, { } tag):
                var (request, bodyError) = await JsonBody.ReadAsync(http, ProtocolJsonContext.Default.PutTagRequest, HubLimits.MaxTagBody, cancellationToken);
                if (bodyError is not null)
                {
                    return bodyError.ToResult();
                }

                var createOnly = http.Headers.IfNoneMatch == "*";
                return (await publisher.PutTagAsync(name, tag, request!.Digest, request.Publisher, createOnly, http.Headers[ApiPaths.PushIdHeader], cancellationToken)).ToResult(
                    record => Results.Ok(new TagInfo(tag, record.Digest, record.PublishedAt, record.Publisher)));
            default:
                return NotARoute(path);
        }
    }

    private static async Task<IResult> DeleteAsync(string path, ManifestPublisher publisher, RetentionService retention, CancellationToken cancellationToken)
    {
        switch (Parse(path))
        {
            case ("retention", { } name, null):
                return await RetentionEndpoints.DeleteAsync(name, retention, cancellationToken);
            case ("manifests", { } name, { } version):
                // A version, by digest or by one of its tags: every tag of the dataset pointing at it goes.
                return (await publisher.DeleteVersionAsync(name, version, cancellationToken)).ToResult(
                    deleted => Results.Ok(new DeleteVersionResponse(deleted.Name, deleted.Digest, deleted.Tags)));
            case ("tags", { } name, { } tag):
                return (await publisher.DeleteTagAsync(name, tag, cancellationToken)).ToResult(_ => Results.NoContent());
            default:
                return NotARoute(path);
        }
    }

    // {name}/-/{resource}[/{argument}]; names and arguments are checked by the application layer.
    internal static (string? Resource, string? Name, string? Argument) Parse(string path)
    {
        var separator = path.IndexOf(ApiPaths.Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return default;
        }

        var parts = path[(separator + ApiPaths.Separator.Length)..].Split('/');
        var fits = parts switch
        {
            ["tags"] or ["tags", _] or ["manifests", _] or ["watch"] or ["retention"] or ["stats"] => true,
            _ => false,
        };
        return fits ? (parts[0], path[..separator], parts.Length == 2 ? parts[1] : null) : default;
    }

    // The REST form of DatasetAPI.Subscribe: server-sent events, "tag" for each tag's current version and every
    // move, "deleted" when one is removed. Ends when the client disconnects.
    private static IResult Watch(string name, string?[] tags, DatasetQueries datasets, CancellationToken cancellationToken) =>
        datasets.Follow(tags.Select(t => (name, t ?? string.Empty)).ToList(), cancellationToken).ToResult(changes => TypedResults.ServerSentEvents(Events(changes)));

    private static async IAsyncEnumerable<SseItem<TagInfo>> Events(IAsyncEnumerable<TagChange> changes)
    {
        await foreach (var change in changes)
        {
            var info = new TagInfo(change.Tag, change.Record.Digest, change.Record.PublishedAt, change.Record.Publisher);
            yield return new SseItem<TagInfo>(info, change.Deleted ? "deleted" : "tag");
        }
    }

    private static TagInfo ToInfo(TagEntry entry) => new(entry.Tag, entry.Record.Digest, entry.Record.PublishedAt, entry.Record.Publisher);

    private static IResult NotARoute(string path) => ApiError.NotFound($"no such resource: {ApiPaths.Datasets}/{path}").ToResult();
}
