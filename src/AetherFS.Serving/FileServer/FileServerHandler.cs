using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;
using AetherFS.Serving.Http;
using AetherFS.Protocol.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// Serves <c>/fs/{name}/{tag}/{path}</c> and <c>/fs/{name}@sha256:{hex}/{path}</c>: a file's bytes, or a
/// directory's listing (HTML, or JSON when asked). Only manifest lookups map a URL to data; nothing here
/// touches the filesystem by path.
/// </summary>
internal sealed class FileServerHandler
{
    // A digest names bytes that never change; a tag may move at any time, so caches must ask again.
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    private readonly IVersionSource _versions;
    private readonly FileResponder _files;
    private readonly IDatasetReadGate? _gate;

    public FileServerHandler(IVersionSource versions, FileResponder files, IDatasetReadGate? gate = null)
    {
        _versions = versions;
        _files = files;
        _gate = gate;
    }

    /// <summary>Dataset bytes are untrusted: their HTML must not run script in the hub's origin, nor be sniffed into HTML.</summary>
    public static void AddSecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = "sandbox";
        response.Headers.XContentTypeOptions = "nosniff";
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        var cancellationToken = context.RequestAborted;
        AddSecurityHeaders(response);

        // The raw target, because Kestrel has already removed dot segments from Request.Path.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        var (path, error) = RequestPath.Parse(string.IsNullOrEmpty(target) ? context.Request.Path.ToString() : target);
        if (path is null)
        {
            await ApiError.Invalid(error!).ToResult().ExecuteAsync(context);
            return;
        }

        ManifestIndex? version = null;
        VersionRoute? route = null;
        var denied = false;
        foreach (var candidate in VersionRoute.Candidates(path.Segments))
        {
            // Checked before the lookup, so a refusal never says whether a dataset the caller may not read exists.
            if (_gate is not null && !await _gate.MayReadAsync(context, candidate.Name, candidate.Reference, cancellationToken))
            {
                denied = true;
                continue;
            }

            if (await _versions.ResolveAsync(candidate.Name, candidate.Reference, cancellationToken) is { } found)
            {
                (version, route) = (found.Index, candidate);
                break;
            }
        }

        if ((version is null || route is null) && denied)
        {
            await _gate!.DenyAsync(context);
            return;
        }

        if (version is null || route is null)
        {
            await ApiError.NotFound($"no dataset version at {RequestPath.Root}/{string.Join('/', path.Segments)}").ToResult().ExecuteAsync(context);
            return;
        }

        var entry = version.ResolvePath(route.InnerPath);
        if (entry is null || (entry.Type == EntryType.File && path.TrailingSlash))
        {
            await ApiError.NotFound($"{route.InnerPath} not found in {route.DisplayName}").ToResult().ExecuteAsync(context);
            return;
        }

        response.Headers.CacheControl = route.ByDigest ? Immutable : Revalidate;
        if (entry.Type == EntryType.File)
        {
            await _files.SendAsync(context, version, entry, route.Segments[^1]);
        }
        else if (!path.TrailingSlash)
        {
            // As nginx does: relative links in the listing resolve against the URL, which must end in '/'.
            response.StatusCode = StatusCodes.Status301MovedPermanently;
            response.Headers.Location = $"{RequestPath.Root}/{string.Join('/', path.Segments.Select(UrlSegment.Escape))}/{context.Request.QueryString}";
        }
        else
        {
            await SendListingAsync(context, DirectoryListing.Of(version, route.DisplayName, entry.Path, route.InnerPath), version);
        }
    }

    private static async Task SendListingAsync(HttpContext context, DirectoryListing listing, ManifestIndex version)
    {
        var response = context.Response;
        var json = PrefersJson(context.Request);
        var etag = CacheValidators.ForListing(version, listing.Path, json ? "json" : "html");
        response.Headers.Vary = HeaderNames.Accept;
        response.Headers.ETag = etag.ToString();
        // Still sandboxed, but Chromium blocks downloads started from a sandboxed page, such as a click on a link
        // to a .bin file, unless they are allowed.
        response.Headers.ContentSecurityPolicy = "sandbox allow-downloads";
        if (ConditionalRequest.Evaluate(context.Request, etag, lastModified: null) == Precondition.NotModified)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.ContentType = json ? JsonListingWriter.ContentType : HtmlListingWriter.ContentType;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        if (json)
        {
            await JsonListingWriter.WriteAsync(listing, response.Body, context.RequestAborted);
        }
        else
        {
            await HtmlListingWriter.WriteAsync(listing, response.Body, context.RequestAborted);
        }
    }

    // Browsers ask for text/html; a client that ranks application/json at least as high gets JSON.
    private static bool PrefersJson(HttpRequest request)
    {
        double json = 0, html = 0;
        foreach (var media in request.GetTypedHeaders().Accept)
        {
            var quality = media.Quality ?? 1;
            if (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
            else if (media.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                html = Math.Max(html, quality);
            }
        }

        return json > 0 && json >= html;
    }
}
