using System.Globalization;
using AetherFS.Hub.Security;
using AetherFS.Hub.Security.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Ui;

/// <summary>
/// <c>GET/POST /ui/login</c> and <c>POST /ui/logout</c>: the web UI's sign-in, which starts a session shared by every
/// hub on the store (<see cref="SessionStore"/>), and its sign-out. A hub without <c>--auth-config</c> has neither (404).
/// </summary>
internal static class SignInEndpoints
{
    // A user name, a password and a return path: anyone may post this form, so its body is kept small.
    private const long MaxFormBytes = 16 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(UiPaths.SignIn, Form);
        app.MapPost(UiPaths.SignIn, SignInAsync);
        app.MapPost(UiPaths.SignOut, SignOutAsync);
    }

    private static IResult Form([FromQuery(Name = "return")] string? returnPath, string? ended, AccessPolicy policy, HttpResponse response)
    {
        if (!policy.Enabled)
        {
            return NoSignIn(response);
        }

        var target = LocalReturnPath.Or(returnPath, UiPaths.Root);
        var oidc = OidcSignInEndpoints.Offered(policy);
        return ended == "1"
            ? Page(response, SignInPage.Render(target, "Your session has ended. Sign in again, or continue without signing in.", offerGuest: true, oidc: oidc))
            : Page(response, SignInPage.Render(target, null, oidc: oidc));
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AccessPolicy policy, Authenticator authenticator, SessionStore sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        var (request, response) = (context.Request, context.Response);
        var address = AccessMiddleware.AddressOf(context);
        if (!policy.Enabled)
        {
            return NoSignIn(response);
        }

        if (!SameOrigin.Holds(request))
        {
            audit.Unauthenticated("sign-in form not sent from this hub's page", "ui", "POST " + UiPaths.SignIn, address);
            return Page(response, SignInPage.Render(UiPaths.Root, "Sign-in refused: the form was not sent from this hub's own page. Open the sign-in page and try again."), StatusCodes.Status403Forbidden);
        }

        if (!request.HasFormContentType)
        {
            return Page(response, SignInPage.Render(UiPaths.Root, "Send the sign-in form (a user name and a password)."), StatusCodes.Status400BadRequest);
        }

        if (request.ContentLength > MaxFormBytes)
        {
            return Page(response, SignInPage.Render(UiPaths.Root, "The sign-in form is too large."), StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // A body without a length stops at the limit too (413 through the hub's error mapping).
            limit.MaxRequestBodySize = MaxFormBytes;
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var target = LocalReturnPath.Or(form["return"], UiPaths.Root);
        var user = form["user"].ToString();
        var password = form["password"].ToString();
        if (user.Length == 0 || password.Length == 0)
        {
            return Page(response, SignInPage.Render(target, "Enter a user name and a password.", user, oidc: OidcSignInEndpoints.Offered(policy)), StatusCodes.Status400BadRequest);
        }

        var outcome = authenticator.SignIn(user, password, address);
        if (outcome.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            response.Headers.RetryAfter = seconds;
            return Page(response, SignInPage.Render(target, $"Too many failed sign-ins for {user}; try again in {seconds} seconds.", user, oidc: OidcSignInEndpoints.Offered(policy)), StatusCodes.Status429TooManyRequests);
        }

        if (outcome.Principal is not { } principal)
        {
            return Page(response, SignInPage.Render(target, "Wrong user name or password.", user, oidc: OidcSignInEndpoints.Offered(policy)));
        }

        var (secret, session) = await sessions.CreateAsync(principal.Name, principal.Kind, groups: null, cancellationToken);
        SessionCookie.Append(response, secret, session.Expires);
        return SeeOther(response, target);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AccessPolicy policy, SessionStore sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        var (request, response) = (context.Request, context.Response);
        if (!policy.Enabled)
        {
            return NoSignIn(response);
        }

        if (!SameOrigin.Holds(request))
        {
            return Page(response, SignInPage.Render(UiPaths.Root, "Sign-out refused: the form was not sent from this hub's own page."), StatusCodes.Status403Forbidden);
        }

        if (SessionCookie.Read(request) is { } secret)
        {
            if (await sessions.FindAsync(secret, cancellationToken) is { } session)
            {
                audit.LoggedOut(session.Name, AccessMiddleware.AddressOf(context));
            }

            await sessions.EndAsync(secret, cancellationToken);
        }

        SessionCookie.Clear(response);
        return SeeOther(response, UiPaths.Root);
    }

    // 303: the browser follows a form POST's answer with a GET, so a reload does not post the password again.
    private static IResult SeeOther(HttpResponse response, string location)
    {
        response.Headers.Location = location;
        response.Headers.CacheControl = "no-store";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Page(HttpResponse response, string html, int status = StatusCodes.Status200OK)
    {
        var result = UiResults.Html(response, html, status);
        response.Headers.CacheControl = "no-store";
        return result;
    }

    private static IResult NoSignIn(HttpResponse response) =>
        UiResults.NotFound(response, "This hub does not check who calls it (it runs without --auth-config): there is nothing to sign in to.");
}
