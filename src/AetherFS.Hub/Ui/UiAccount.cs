using AetherFS.Hub.Security;
using AetherFS.Hub.Security.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub.Ui;

/// <summary>
/// Who the page is shown to, for the layout's corner: "signed in as NAME · Sign out", or a "Sign in" link back to
/// this page. A hub without <c>--auth-config</c> asks nobody to sign in, so it shows neither.
/// </summary>
internal sealed record UiAccount(bool SignInOffered, Principal Principal, bool HasSession, string Here)
{
    /// <summary>For the sign-in page itself, which is the form.</summary>
    public static readonly UiAccount Hidden = new(false, Principal.Anonymous, false, UiPaths.Root);

    public static UiAccount Of(HttpContext context) => new(
        context.RequestServices.GetRequiredService<AccessPolicy>().Enabled,
        Caller.Of(context),
        SessionCookie.Read(context.Request) is not null,
        context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent());

    public void WriteTo(HtmlWriter html)
    {
        if (!SignInOffered)
        {
            return;
        }

        html.Raw("<div class=\"account\" id=\"account\">");
        if (Principal.IsAnonymous)
        {
            html.Link(UiPaths.Login(Here), "Sign in");
        }
        else
        {
            html.Raw("signed in as ").Element("strong", Principal.Name, ("id", "signed-in-as"));
            if (HasSession)
            {
                // Signing out changes state, so it is a POST (a link could be followed by a prefetch or another site).
                html.Raw(" · ").Open("form", ("method", "post"), ("action", UiPaths.SignOut), ("class", "sign-out"))
                    .Raw("<button type=\"submit\">Sign out</button></form>");
            }
        }

        html.Raw("</div>");
    }
}
