using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Security.Sessions;

/// <summary>
/// Browsers asking for a UI page they may not see unsigned get the sign-in page (303), not the native Basic prompt;
/// API and <c>/fs</c> clients keep 401 with a challenge.
/// </summary>
internal static class SignInRedirect
{
    public static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && request.Path.StartsWithSegments("/ui", StringComparison.Ordinal)
        && request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    /// <param name="ended">Whether the browser's session ended (its cookie is cleared and the page says so).</param>
    public static void Send(HttpContext context, bool ended)
    {
        var here = context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = Ui.UiPaths.Login(here, ended);
        context.Response.Headers.CacheControl = "no-store";
    }
}
