using System.Net.ServerSentEvents;
using AetherFS.Core.References;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Http;
using AetherFS.Hub.Publishing;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Retention;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>/api/v1/datasets</c>: list datasets (paged), and under <c>{name}/-/</c> list, read, set and delete tags,
/// look up manifests by tag or digest and delete versions, follow tags as server-sent events (<c>watch</c>), and
/// keep the retention policy (<c>retention</c>). Names hold '/', so one catch-all route splits at the '/-/' separator.
/// </summary>
internal static class DatasetEndpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(ApiPaths.Datasets, ListAsync);
        app.MapGet(ApiPaths.Datasets + "/{**path}", GetAsync);
        app.MapPut(ApiPaths.Datasets + "/{**path}", PutAsync);
        app.MapDelete(ApiPaths.Datasets + "/{**path}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(DatasetStore datasets, int? limit, string? after, CancellationToken cancellationToken)
    {
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            return ApiProblem.BadRequest($"limit must be between 1 and {MaxPageSize}").ToResult();
        }

        var names = await datasets.ListDatasetsAsync(after, pageSize + 1, cancellationToken);
        var page = names.Take(pageSize).Select(n => new DatasetSummary(n)).ToList();
        return Results.Ok(new DatasetListResponse(page, names.Count > pageSize ? page[^1].Name : null));
    }

    private static async Task<IResult> GetAsync(string path, DatasetStore datasets, TagFollower follower, RetentionStore policies, HttpRequest request, HttpResponse response, CancellationToken cancellationToken)
    {
        if (Parse(path) is not { } route)
        {
            return NotARoute(path);
        }

        if (route.Problem is not null)
        {
            return route.Problem.ToResult();
        }

        switch (route.Resource, route.Argument)
        {
            case ("tags", null):
                var tags = new List<TagInfo>();
                await foreach (var (tag, record) in datasets.ListTagsAsync(route.Name, cancellationToken))
                {
                    tags.Add(new TagInfo(tag, record.Digest, record.PublishedAt, record.Publisher));
                }

                return tags.Count == 0
                    ? ApiProblem.NotFound($"dataset '{route.Name}' not found").ToResult()
                    : Results.Ok(new TagListResponse(route.Name, tags));
            case ("tags", { } tagName):
                var found = await datasets.GetTagAsync(route.Name, tagName, cancellationToken);
                return found is null
                    ? TagNotFound(route.Name, tagName)
                    : Results.Ok(new TagInfo(tagName, found.Digest, found.PublishedAt, found.Publisher));
            case ("watch", null):
                return Watch(route.Name, request.Query["tag"].ToArray(), follower, cancellationToken);
            case ("retention", null):
                return await RetentionEndpoints.GetAsync(route.Name, policies, cancellationToken);
            case ("manifests", { } reference):
                var digest = reference;
                if (!Digest.IsValid(reference))
                {
                    var record = await datasets.GetTagAsync(route.Name, reference, cancellationToken);
                    if (record is null)
                    {
                        return TagNotFound(route.Name, reference);
                    }

                    digest = record.Digest;
                }

                return await ManifestEndpoints.ServeAsync(digest, datasets, response, cancellationToken);
            default:
                return NotARoute(path);
        }
    }

    // If-None-Match: * asks to create the tag only, never to move it (immutable version tags).
    private static async Task<IResult> PutAsync(string path, ManifestPublisher publisher, RetentionStore policies, HttpRequest http, CancellationToken cancellationToken)
    {
        var route = Parse(path);
        if (route is not ({ Resource: "tags", Argument: not null } or { Resource: "retention" }))
        {
            return NotARoute(path);
        }

        if (route.Problem is not null)
        {
            return route.Problem.ToResult();
        }

        if (route.Resource == "retention")
        {
            return await RetentionEndpoints.PutAsync(route.Name, http, policies, cancellationToken);
        }

        if (!PushIds.TryRead(http, out var pushId))
        {
            return ApiProblem.BadRequest(PushIds.Invalid).ToResult();
        }

        var (request, bodyProblem) = await JsonBody.ReadAsync(http, ProtocolJsonContext.Default.PutTagRequest, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem.ToResult();
        }

        var tag = route.Argument!;
        var (record, problem) = await publisher.PutTagAsync(route.Name, tag, request!.Digest, request.Publisher, cancellationToken, createOnly: http.Headers.IfNoneMatch == "*", pushId);
        return problem?.ToResult() ?? Results.Ok(new TagInfo(tag, record!.Digest, record.PublishedAt, record.Publisher));
    }

    private static async Task<IResult> DeleteAsync(string path, ManifestPublisher publisher, RetentionStore policies, CancellationToken cancellationToken)
    {
        if (Parse(path) is not { Resource: not "watch" } route || (route.Resource == "tags" && route.Argument is null))
        {
            return NotARoute(path);
        }

        if (route.Problem is not null)
        {
            return route.Problem.ToResult();
        }

        switch (route.Resource, route.Argument)
        {
            case ("retention", _):
                return await RetentionEndpoints.DeleteAsync(route.Name, policies, cancellationToken);
            case ("manifests", { } version):
                // A version, by digest or by one of its tags: every tag of the dataset pointing at it goes.
                var result = await publisher.DeleteVersionAsync(route.Name, version, cancellationToken);
                return result switch
                {
                    null => TagNotFound(route.Name, version),
                    { Tags.Count: 0 } => ApiProblem.NotFound($"no tag of '{route.Name}' points at {result.Value.Digest}").ToResult(),
                    { } deleted => Results.Ok(new DeleteVersionResponse(route.Name, deleted.Digest, deleted.Tags)),
                };
            default:
                return await publisher.DeleteTagAsync(route.Name, route.Argument!, cancellationToken) ? Results.NoContent() : TagNotFound(route.Name, route.Argument!);
        }
    }

    // {name}/-/{resource}[/{argument}] with the name and tag validated.
    private static DatasetRoute? Parse(string path)
    {
        var separator = path.IndexOf(ApiPaths.Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var name = path[..separator];
        var parts = path[(separator + ApiPaths.Separator.Length)..].Split('/');
        if (parts.Length > 2 || parts[0] is not ("tags" or "manifests" or "watch" or "retention") || (parts[0] != "tags" && parts.Length != (parts[0] is "watch" or "retention" ? 1 : 2)))
        {
            return null;
        }

        var argument = parts.Length == 2 ? parts[1] : null;
        var problem = DatasetName.Validate(name) is { } nameError
            ? ApiProblem.BadRequest(nameError)
            : argument is not null && !(parts[0] == "manifests" && Digest.IsValid(argument)) && TagName.Validate(argument) is { } tagError
                ? ApiProblem.BadRequest(tagError)
                : null;
        return new DatasetRoute(name, parts[0], argument, problem);
    }

    // The REST form of DatasetAPI.Subscribe: server-sent events, "tag" for each tag's current version and every
    // move, "deleted" when one is removed. Ends when the client disconnects.
    private static IResult Watch(string name, string?[] tags, TagFollower follower, CancellationToken cancellationToken)
    {
        if (tags.Length is 0 or > Grpc.Services.DatasetApiService.MaxSubscribedTags)
        {
            return ApiProblem.BadRequest($"name between 1 and {Grpc.Services.DatasetApiService.MaxSubscribedTags} tags to watch with ?tag=").ToResult();
        }

        if (tags.Select(t => TagName.Validate(t)).FirstOrDefault(e => e is not null) is { } error)
        {
            return ApiProblem.BadRequest(error).ToResult();
        }

        var keys = tags.Distinct().Select(t => (name, t!)).ToList();
        return TypedResults.ServerSentEvents(Events(follower.FollowAsync(keys, cancellationToken)));

        static async IAsyncEnumerable<SseItem<TagInfo>> Events(IAsyncEnumerable<TagChange> changes)
        {
            await foreach (var change in changes)
            {
                var info = new TagInfo(change.Tag, change.Record.Digest, change.Record.PublishedAt, change.Record.Publisher);
                yield return new SseItem<TagInfo>(info, change.Deleted ? "deleted" : "tag");
            }
        }
    }

    private static IResult TagNotFound(string name, string tag) => ApiProblem.NotFound($"tag '{name}:{tag}' not found").ToResult();

    private static IResult NotARoute(string path) => ApiProblem.NotFound($"no such resource: {ApiPaths.Datasets}/{path}").ToResult();

    private sealed record DatasetRoute(string Name, string Resource, string? Argument, ApiProblem? Problem);
}
