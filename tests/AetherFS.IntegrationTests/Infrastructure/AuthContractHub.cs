using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// CONTRACT STAND-IN, not the hub: a tiny Kestrel server on a loopback port that answers as issue 14's hub side
/// promises (401 with <c>WWW-Authenticate: Basic realm="aetherfs"</c> for missing or wrong credentials, 403 when not
/// allowed, <c>GET /api/v1/auth/whoami</c>), and records every <c>Authorization</c> header it receives, so the CLI's
/// side can be tested before the real hub enforces anything. Users: alice/wonderland; tokens: ci-token (allowed),
/// reader-token (known, but may not list datasets).
/// </summary>
public sealed class AuthContractHub : IAsyncDisposable
{
    public const string Password = "wonderland";
    public const string Token = "ci-token";
    public const string ForbiddenToken = "reader-token";

    private readonly WebApplication _app;

    private AuthContractHub(WebApplication app)
    {
        _app = app;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Url = new Uri($"http://127.0.0.1:{address.Port}/");
    }

    public Uri Url { get; }

    /// <summary>Every Authorization header received, in order ("" for a request without one).</summary>
    public ConcurrentQueue<string> AuthorizationHeaders { get; } = new();

    public static async Task<AuthContractHub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        AuthContractHub? hub = null;
        app.Use(async (context, next) =>
        {
            hub!.AuthorizationHeaders.Enqueue(context.Request.Headers.Authorization.ToString());
            await next(context);
        });
        app.MapGet("/api/v1/auth/whoami", (HttpContext context) => Principal(context) switch
        {
            null => Unauthorized(),
            var (name, kind) => Results.Json(new Dictionary<string, object> { ["name"] = name, ["kind"] = kind, ["admin"] = false }),
        });
        app.MapGet("/api/v1/datasets", (HttpContext context) => Principal(context) switch
        {
            null => Unauthorized(),
            (_, "token") when context.Request.Headers.Authorization.ToString() == $"Bearer {ForbiddenToken}" =>
                Results.Problem(statusCode: 403, title: "Forbidden", detail: "this token may not list datasets"),
            _ => Results.Text("""{"datasets":[],"next":null}""", "application/json"),
        });
        await app.StartAsync();
        hub = new AuthContractHub(app);
        return hub;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static (string Name, string Kind)? Principal(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            var token = header["Bearer ".Length..];
            return token is Token or ForbiddenToken ? (token, "token") : null;
        }

        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
            return decoded == $"alice:{Password}" ? ("alice", "user") : null;
        }

        return null;
    }

    private static IResult Unauthorized() => new ChallengeResult();

    private sealed class ChallengeResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 401;
            httpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"aetherfs\"";
            return Task.CompletedTask;
        }
    }
}
