using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Security.Sessions;

/// <summary>
/// The <c>aetherfs_session</c> cookie: HttpOnly (no script reads it), SameSite=Lax (not sent on other sites' POSTs),
/// Path=/ (the UI links to <c>/fs</c>), Secure when the hub is reached over https.
/// </summary>
internal static class SessionCookie
{
    public const string Name = "aetherfs_session";

    public static string? Read(HttpRequest request) => request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    /// <summary>
    /// Whether the cookie may stand for the caller: only on reads. A browser attaches cookies to requests another site
    /// makes it send, so a write carrying only the cookie is taken as anonymous (no CSRF can push or delete).
    /// </summary>
    public static bool CountsFor(HttpRequest request) => HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    public static void Append(HttpResponse response, string secret, DateTimeOffset expires) =>
        response.Cookies.Append(Name, secret, Options(response.HttpContext.Request, expires));

    public static void Clear(HttpResponse response) => response.Cookies.Delete(Name, Options(response.HttpContext.Request, null));

    private static CookieOptions Options(HttpRequest request, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Secure = request.IsHttps,
        IsEssential = true,
        Expires = expires,
    };
}
