using System.Net;
using AetherFS.Agent.Configuration;
using AetherFS.Agent.Serving;
using AetherFS.Agent.Sync;
using AetherFS.Serving.FileServer;
using AetherFS.Serving.Grpc;
using AetherFS.Serving.Hosting;
using AetherFS.Serving.Telemetry;
using AetherFS.Agent.Telemetry;
using AetherFS.Serving.Versions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Agent;

/// <summary>
/// Builds the agent: the sync workers as a hosted service, and one port (loopback by default) serving the
/// synced versions through the same /fs file server as the hub, AgentAPI over gRPC and REST, /healthz, and the peer
/// endpoint other agents fetch blocks from.
/// </summary>
public static class AgentApplication
{
    // AgentAPI's messages are small (tags, paths): gRPC's usual limit is plenty.
    private const int AgentGrpcMessageLimit = 4 * 1024 * 1024;

    /// <param name="time">The clock of backoffs and sync times; tests give a fake one.</param>
    public static WebApplication Build(AgentOptions options, Action<ILoggingBuilder>? configureLogging = null, TimeProvider? time = null)
    {
        options.Validate();
        var certificate = options.TlsCertificatePath is { } path ? AetherFS.Serving.Listening.TlsCertificates.Load(path, options.TlsKeyPath!) : null;
        var builder = ServingHost.CreateBuilder(options.ListenAddress, options.Port, certificate, configureLogging);
        // A stop lets a swap in progress finish (the swap itself takes moments).
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options);
        builder.Services.AddServingTelemetry(AgentTelemetry.Setup, "aetherfs-agent");
        builder.Services.AddSingleton(sp => new AgentRuntime(options, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping));
        // The peers found by DNS first: hosted services start in this order, and the syncs start with them.
        builder.Services.AddHostedService<Peers.PeerDnsRefresher>();
        builder.Services.AddHostedService<SyncHostedService>();
        builder.Services.AddHostedService<Mounting.MountHostedService>();
        builder.Services.AddSingleton(new Peers.PeerToken(options.PeerToken ?? ""));
        builder.Services.AddSingleton(sp => new AgentVersions(sp.GetRequiredService<AgentRuntime>().Workers));
        builder.Services.AddSingleton<IVersionSource>(sp => sp.GetRequiredService<AgentVersions>());
        builder.Services.AddSingleton<IFileContent>(sp => sp.GetRequiredService<AgentVersions>());
        builder.Services.AddServingGrpc(AgentGrpcMessageLimit);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AgentJsonContext.Default));

        var app = builder.Build();
        // Before anything is measured: every agent series reads 0 from the first scrape. The gauges read the runtime
        // at each scrape, from now until the agent stops.
        app.Services.StartMetrics();
        SyncMetrics.Initialise();
        AetherFS.Client.Telemetry.ClientMetrics.Initialise();
        var gauges = AgentGauges.Track(app.Services.GetRequiredService<AgentRuntime>());
        app.Lifetime.ApplicationStopped.Register(gauges.Dispose);
        app.UseRequestMetrics();
        app.UseExceptionHandler();
        app.MapMetrics();
        AgentEndpoints.Map(app);
        Peers.PeerEndpoints.Map(app);
        FileServerEndpoints.Map(app);
        app.MapGrpcService<AgentApiService>();
        return app;
    }
}
