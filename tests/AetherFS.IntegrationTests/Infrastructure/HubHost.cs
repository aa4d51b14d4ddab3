using System.Security.Cryptography.X509Certificates;
using AetherFS.Cli.Commands.Run;
using AetherFS.Cli.Infrastructure;
using AetherFS.Hub;
using AetherFS.Hub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A hub in the test process: the same application <c>aetherfs run hub</c> builds, from the same flags, on a loopback
/// port the kernel picks (port 0, so no other test can take it first), with its own storage directory.
/// </summary>
public sealed class HubHost : IHub, IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TempDirectory _work;
    private readonly CapturingLoggerProvider _logs;
    private bool _keepStorage;

    private HubHost(WebApplication app, TempDirectory work, CapturingLoggerProvider logs, bool tls)
    {
        _app = app;
        _work = work;
        _logs = logs;
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Port = address.Port;
        // The test certificate names localhost, so clients that verify it must use that name.
        Url = new Uri(tls ? $"https://localhost:{Port}/" : $"http://127.0.0.1:{Port}/");
    }

    public int Port { get; }

    public Uri Url { get; }

    public string StoragePath => _work.Combine("store");

    public string Output => _logs.Text;

    public IServiceProvider Services => _app.Services;

    /// <param name="work">The directory of a stopped hub, to start it again on its storage.</param>
    /// <param name="port">A port to listen on (a stopped hub's, to restart it where clients look); 0, a free one, by default.</param>
    /// <param name="options">More flags of <c>run hub</c>, such as <c>--grpc-max-message-size 64KiB</c>.</param>
    /// <param name="environment">Variables the flags' defaults read (<c>STORAGE_S3_*</c>, <c>AWS_*</c>).</param>
    /// <param name="time">The hub's clock; tests that need time to pass give a fake one.</param>
    public static async Task<HubHost> StartAsync(
        TempDirectory? work = null,
        int? port = null,
        IReadOnlyList<string>? options = null,
        X509Certificate2? tlsCertificate = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeProvider? time = null)
    {
        work ??= new TempDirectory();
        string[] arguments = ["--port", (port ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), "--listen-address", "127.0.0.1", "--storage-path", work.Combine("store"), .. options ?? []];
        Hub.Configuration.HubOptions hubOptions;
        using (CliEnvironment.Use(environment ?? new Dictionary<string, string>()))
        {
            hubOptions = RunHubCommand.ParseOptions(arguments);
        }

        var logs = new CapturingLoggerProvider();
        var app = HubApplication.Build(hubOptions, logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug), time);
        try
        {
            await HubStorageCheck.RunAsync(app.Services, CancellationToken.None);
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new HubHost(app, work, logs, tlsCertificate is not null);
    }

    /// <summary>Stops the hub, keeping its storage and port for a restart (<see cref="StartAsync"/>).</summary>
    public async Task<(TempDirectory Work, int Port)> StopAsync()
    {
        _keepStorage = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
        return (_work, Port);
    }

    public string NewCacheDirectory() => _work.Combine("cache-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Environment(string? cacheDirectory = null) => new Dictionary<string, string>
    {
        ["AETHERFS_HUB"] = Url.ToString(),
        ["AETHERFS_CACHE_DIR"] = cacheDirectory ?? NewCacheDirectory(),
    };

    public async ValueTask DisposeAsync()
    {
        if (!_keepStorage)
        {
            await _app.DisposeAsync();
            _work.Dispose();
        }
    }
}
