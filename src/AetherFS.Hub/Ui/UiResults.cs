using System.Text;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Ui;

/// <summary>HTML answers with the headers that keep dataset content (names, READMEs) inert in the browser.</summary>
internal static class UiResults
{
    /// <summary>Only the hub's own script and stylesheet run; inline script, plugins, framing and foreign forms are refused.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IResult Html(HttpResponse response, string html, int status = StatusCodes.Status200OK)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
        return Results.Text(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    public static IResult NotFound(HttpResponse response, string message) =>
        Html(response, UiLayout.Page(UiAccount.Of(response.HttpContext), "Not found", [("Datasets", UiPaths.Root)], new HtmlWriter().Element("h1", "Not found").Element("p", message)), StatusCodes.Status404NotFound);
}
