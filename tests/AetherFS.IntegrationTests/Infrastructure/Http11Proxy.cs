using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A reverse proxy that speaks only HTTP/1.1 (as many corporate proxies and old load balancers do), in front of a
/// hub: what clients must still work through. Listens on a port the kernel picks.
/// </summary>
public sealed class Http11Proxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private Http11Proxy(WebApplication app, HttpClient upstream)
    {
        _app = app;
        _upstream = upstream;
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public Uri Url { get; }

    /// <param name="refuse">Requests answered 503 instead of forwarded: a hub whose blocks cannot be had.</param>
    public static async Task<Http11Proxy> StartAsync(Uri upstream, Func<HttpRequest, bool>? refuse = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var client = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(30) };
        app.Run(context =>
        {
            if (refuse?.Invoke(context.Request) == true)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return ForwardAsync(context, client);
        });
        await app.StartAsync();
        return new Http11Proxy(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private static async Task ForwardAsync(HttpContext context, HttpClient upstream)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
        foreach (var (name, value) in context.Request.Headers.Where(h => h.Key.StartsWith("AetherFS", StringComparison.OrdinalIgnoreCase) || h.Key == "Accept"))
        {
            request.Headers.TryAddWithoutValidation(name, value.ToArray());
        }

        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            request.Content = new ByteArrayContent(body.ToArray());
            request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
            request.Content.Headers.TryAddWithoutValidation("Content-Encoding", context.Request.Headers.ContentEncoding.ToArray());
        }

        using var response = await upstream.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
        foreach (var header in response.Headers.Where(h => h.Key.StartsWith("AetherFS", StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Headers[header.Key] = header.Value.First();
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
