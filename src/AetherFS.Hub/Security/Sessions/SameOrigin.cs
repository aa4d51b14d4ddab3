using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Security.Sessions;

/// <summary>
/// Whether a form POST (sign in, sign out) came from one of the hub's own pages, so another site cannot sign a
/// browser in as the attacker (login CSRF) or out. Browsers set <c>Sec-Fetch-Site</c> and <c>Origin</c> themselves;
/// a request with neither is refused, since nothing then shows where it came from.
/// </summary>
internal static class SameOrigin
{
    public static bool Holds(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"];
        if (site.Count > 0)
        {
            return site.Count == 1 && site[0] == "same-origin";
        }

        var origin = request.Headers.Origin;
        return origin.Count == 1 && string.Equals(origin[0], $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }
}
