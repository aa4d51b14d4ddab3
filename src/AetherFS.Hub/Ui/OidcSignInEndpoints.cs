using AetherFS.Hub.Security;
using AetherFS.Hub.Security.Oidc;
using AetherFS.Hub.Security.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub.Ui;

/// <summary>
/// <c>GET /ui/login/oidc</c> sends the browser to the OIDC issuer (authorization code flow with PKCE);
/// <c>GET /ui/login/oidc/callback</c> takes the code back, checks the token it trades for like any bearer token, and
/// starts a session (<see cref="SessionStore"/>) with the token's name and groups. A hub without <c>oidc.clientId</c>
/// has neither (404).
/// </summary>
internal static class OidcSignInEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(UiPaths.OidcSignIn, StartAsync);
        app.MapGet(UiPaths.OidcCallback, CallbackAsync);
    }

    /// <summary>Whether the sign-in page offers this way in.</summary>
    public static bool Offered(AccessPolicy policy) => policy.Configuration?.Oidc?.ClientId is not null;

    private static async Task<IResult> StartAsync(HttpContext context, [FromQuery(Name = "return")] string? returnPath, CancellationToken cancellationToken)
    {
        if (context.RequestServices.GetService<OidcCodeFlow>() is not { } flow || !Offered(context.RequestServices.GetRequiredService<AccessPolicy>()))
        {
            return NotOffered(context.Response);
        }

        var state = OidcSignInState.Start(LocalReturnPath.Or(returnPath, UiPaths.Root));
        if (await flow.AuthorizationUrlAsync(state, RedirectUri(context.Request), cancellationToken) is not { } url)
        {
            return Page(context.Response, SignInPage.Render(state.ReturnPath, "The OpenID Connect issuer cannot be reached now. Try again later, or sign in with a password.", oidc: true), StatusCodes.Status503ServiceUnavailable);
        }

        state.Save(context.Response);
        return SeeOther(context.Response, url.ToString());
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, string? code, string? state, string? error, SessionStore sessions, AuditLog audit, CancellationToken cancellationToken)
    {
        var (request, response) = (context.Request, context.Response);
        if (context.RequestServices.GetService<OidcCodeFlow>() is not { } flow || !Offered(context.RequestServices.GetRequiredService<AccessPolicy>()))
        {
            return NotOffered(response);
        }

        var address = AccessMiddleware.AddressOf(context);
        var started = OidcSignInState.Matching(request, state);
        OidcSignInState.Clear(response);
        if (started is null)
        {
            // No cookie, or another state: this browser did not begin this sign-in here (login CSRF), or it expired.
            audit.Unauthenticated("OIDC sign-in callback without its own state", "ui", "GET " + UiPaths.OidcCallback, address);
            return Page(response, SignInPage.Render(UiPaths.Root, "This sign-in could not be checked: it did not begin here, or took too long. Sign in again.", oidc: true), StatusCodes.Status400BadRequest);
        }

        if (error is not null || string.IsNullOrEmpty(code))
        {
            audit.Unauthenticated($"OIDC sign-in refused by the issuer ({error ?? "no code"})", "ui", "GET " + UiPaths.OidcCallback, address);
            return Page(response, SignInPage.Render(started.ReturnPath, "The OpenID Connect issuer did not sign you in. Try again, or sign in with a password.", oidc: true), StatusCodes.Status401Unauthorized);
        }

        var validation = await flow.CompleteAsync(code, started, RedirectUri(request), cancellationToken);
        if (validation.Name is not { } name)
        {
            audit.Unauthenticated(validation.Failure!, "ui", "GET " + UiPaths.OidcCallback, address);
            return Page(response, SignInPage.Render(started.ReturnPath, "The sign-in through OpenID Connect failed. Try again, or sign in with a password.", oidc: true), StatusCodes.Status401Unauthorized);
        }

        var (secret, session) = await sessions.CreateAsync(name, PrincipalKind.Oidc, validation.Groups, cancellationToken);
        SessionCookie.Append(response, secret, session.Expires);
        audit.LoggedIn(name, address);
        return SeeOther(response, started.ReturnPath);
    }

    // Where the issuer sends the browser back: this hub as the browser reached it. Register it with the issuer;
    // a forged Host header only yields a redirect the issuer refuses.
    private static Uri RedirectUri(HttpRequest request) => new($"{request.Scheme}://{request.Host}{UiPaths.OidcCallback}");

    private static IResult SeeOther(HttpResponse response, string location)
    {
        response.Headers.Location = location;
        response.Headers.CacheControl = "no-store";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Page(HttpResponse response, string html, int status)
    {
        var result = UiResults.Html(response, html, status);
        response.Headers.CacheControl = "no-store";
        return result;
    }

    private static IResult NotOffered(HttpResponse response) =>
        UiResults.NotFound(response, "This hub takes no OpenID Connect sign-in (its --auth-config names no oidc.clientId).");
}
