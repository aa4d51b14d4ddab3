using System.Security.Cryptography.X509Certificates;
using AetherFS.Serving.Listening;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Serving.Hosting;

/// <summary>The web host the hub and the agent both start from: one port for HTTP and gRPC, the caller's logging.</summary>
public static class ServingHost
{
    /// <param name="certificate">With a certificate the port speaks TLS (ALPN picks h2 for gRPC); without, h2c is told apart by its preface.</param>
    public static WebApplicationBuilder CreateBuilder(string address, int port, X509Certificate2? certificate, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        // Kestrel warns at start that a cleartext HTTP/1.1+HTTP/2 endpoint "will use HTTP/1.1": untrue here, as
        // CleartextHttp2Detection serves h2c on it. Its other warnings are rare start-up and heartbeat notes.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel => HttpAndGrpcListener.Listen(kestrel, address, port, certificate));
        return builder;
    }
}
