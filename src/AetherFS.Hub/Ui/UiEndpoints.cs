using AetherFS.Core.References;
using AetherFS.Hub.Datasets;
using AetherFS.Storage.Datasets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Ui;

/// <summary>
/// The web UI under <c>/ui</c>, rendered on the hub (no client framework, no CDN): datasets, a dataset's tags, a
/// version's file tree with its README, and a comparison of two tags; sign-in when the hub checks who calls.
/// <c>/</c> redirects here.
/// </summary>
internal static class UiEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => Results.Redirect(UiPaths.Root));
        // Routing matches "/ui" and "/ui/" alike; only the slash form renders, so relative links resolve alike.
        app.MapGet("/ui", async (string? q, string? after, DatasetStore datasets, Security.AccessCheck access, HttpContext context, HttpRequest request, HttpResponse response, CancellationToken cancellationToken) =>
            request.Path.Value!.EndsWith('/')
                ? UiResults.Html(response, await DatasetsPage.RenderAsync(UiAccount.Of(context), datasets, name => access.MayRead(Security.Caller.Of(context), name), q, after, cancellationToken))
                : Results.Redirect(UiPaths.Root + request.QueryString));
        app.MapGet(UiPaths.Assets + "{file}", UiAssets.Serve);
        app.MapGet(UiPaths.Datasets + "{**path}", DatasetAsync);
        SignInEndpoints.Map(app);
        OidcSignInEndpoints.Map(app);
    }

    /// <summary>The dataset a UI path names, shared with the access check so both read it alike.</summary>
    public static string DatasetNameOf(string path)
    {
        var separator = path.IndexOf("/-/", StringComparison.Ordinal);
        return (separator < 0 ? path : path[..separator]).TrimEnd('/');
    }

    // {name}/ is a dataset; {name}/-/tree/{tag}/{directory}/ a version's directory; {name}/-/compare?from&to[&file].
    private static async Task<IResult> DatasetAsync(
        string path,
        string? from,
        string? to,
        string? file,
        DatasetStore datasets,
        ManifestCache manifests,
        VersionResolver versions,
        FileRangeReader files,
        VersionComparer comparer,
        TextFileReader texts,
        Application.TransferCalculator transfers,
        Usage.DatasetStatsQuery usageStats,
        HttpRequest request,
        HttpResponse response,
        CancellationToken cancellationToken)
    {
        var separator = path.IndexOf("/-/", StringComparison.Ordinal);
        var name = DatasetNameOf(path);
        if (DatasetName.Validate(name) is { } invalid)
        {
            return UiResults.NotFound(response, invalid);
        }

        if (separator < 0)
        {
            if (!path.EndsWith('/'))
            {
                return Results.Redirect(UiPaths.Dataset(name));
            }

            var usage = await usageStats.GetAsync(name, null, measureStorage: false, cancellationToken);
            var page = await DatasetPage.RenderAsync(UiAccount.Of(request.HttpContext), name, datasets, manifests, transfers, usage.Succeeded ? usage.Value : null, cancellationToken);
            return page is null ? UiResults.NotFound(response, $"dataset '{name}' not found") : UiResults.Html(response, page);
        }

        var rest = path[(separator + 3)..];
        if (rest == "compare")
        {
            if (TagName.Validate(from) is not null || TagName.Validate(to) is not null)
            {
                return UiResults.NotFound(response, "choose two tags to compare (?from=TAG&to=TAG)");
            }

            var page = await ComparePage.RenderAsync(UiAccount.Of(request.HttpContext), name, from!, to!, string.IsNullOrEmpty(file) ? null : file, versions, comparer, texts, transfers, cancellationToken);
            return page is null ? UiResults.NotFound(response, $"'{name}:{from}' or '{name}:{to}' not found") : UiResults.Html(response, page);
        }

        if (rest.StartsWith("tree/", StringComparison.Ordinal))
        {
            var parts = rest["tree/".Length..].Split('/', 2);
            var tag = parts[0];
            var directory = parts.Length == 2 ? parts[1].TrimEnd('/') : string.Empty;
            if (TagName.Validate(tag) is { } badTag)
            {
                return UiResults.NotFound(response, badTag);
            }

            if (!request.Path.Value!.EndsWith('/'))
            {
                // Relative links inside a directory page resolve against its slash-terminated URL.
                return Results.Redirect(UiPaths.Tree(name, tag, directory));
            }

            var page = await TreePage.RenderAsync(UiAccount.Of(request.HttpContext), name, tag, directory, versions, files, cancellationToken);
            return page is null ? UiResults.NotFound(response, $"'{name}:{tag}' has no directory '/{directory}'") : UiResults.Html(response, page);
        }

        return UiResults.NotFound(response, $"no such page: {request.Path}");
    }
}
