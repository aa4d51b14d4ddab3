using AetherFS.Hub.Security.Sessions;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Security;

/// <summary>
/// Authenticates every request and asks <see cref="AccessCheck"/> what its route needs, after routing and before any
/// endpoint runs. Wrong credentials are refused even where anonymous callers are welcome. An <c>Authorization</c> header
/// wins over the web UI's session cookie, which counts only on reads (<see cref="SessionCookie.CountsFor"/>).
/// </summary>
internal sealed class AccessMiddleware
{
    private readonly RequestDelegate _next;
    private readonly Authenticator _authenticator;
    private readonly AccessCheck _access;
    private readonly AuditLog _audit;

    public AccessMiddleware(RequestDelegate next, Authenticator authenticator, AccessCheck access, AuditLog audit)
    {
        _next = next;
        _authenticator = authenticator;
        _access = access;
        _audit = audit;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!_access.Policy.Enabled)
        {
            await _next(context);
            return;
        }

        var required = HttpAccessRules.For(context);
        var address = AddressOf(context);
        var target = context.Request.Method + " " + context.Request.Path;
        if (required.Kind == AccessKind.Open)
        {
            await _next(context);
            return;
        }

        var authorization = context.Request.Headers.Authorization;
        var session = authorization.Count == 0 && SessionCookie.CountsFor(context.Request) ? SessionCookie.Read(context.Request) : null;
        var outcome = session is null
            ? await _authenticator.AuthenticateAsync(authorization, address, context.RequestAborted)
            : await _authenticator.AuthenticateSessionAsync(session, context.RequestAborted);
        if (outcome.Principal is not { } principal)
        {
            _audit.Unauthenticated(outcome.Failure!, "http", target, address);
            if (session is not null)
            {
                // A stale cookie must not lock anyone out of what anonymous callers may see: it goes, and a page says why.
                SessionCookie.Clear(context.Response);
                if (SignInRedirect.IsPageRequest(context.Request))
                {
                    SignInRedirect.Send(context, ended: true);
                    return;
                }
            }

            await AccessResponses.UnauthenticatedAsync(context, outcome);
            return;
        }

        Caller.Set(context, principal);
        var verdict = await _access.DecideAsync(principal, required, context.RequestAborted);
        if (verdict == AccessVerdict.SignInRequired && SignInRedirect.IsPageRequest(context.Request))
        {
            SignInRedirect.Send(context, ended: false);
            return;
        }

        if (verdict != AccessVerdict.Allowed)
        {
            _audit.Denied(principal, "http", target, required.Describe(), address);
            await AccessResponses.DeniedAsync(context, verdict);
            return;
        }

        await _next(context);
        if (required.Changes)
        {
            _audit.Changed(principal, "http", target, required.Describe(), context.Response.StatusCode, address);
        }
    }

    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
