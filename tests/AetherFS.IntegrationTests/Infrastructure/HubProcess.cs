using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>aetherfs run hub</c> process, for what only a process shows (kill -9, what it prints): on a port it picks
/// itself (port 0, read back from its "listening on" line, so no other test can take it first), with its own storage.
/// </summary>
public sealed class HubProcess : IHub, IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _work;
    private readonly ProcessLog _log;
    private bool _disposed;
    private bool _keepStorage;

    private HubProcess(Process process, TempDirectory work)
    {
        _process = process;
        _work = work;
        _log = new ProcessLog(process, "hub");
    }

    public int Port { get; private set; }

    public Uri Url { get; private set; } = null!;

    public string StoragePath => _work.Combine("store");

    public string Output => _log.Text;

    public string NewCacheDirectory() => _work.Combine("cache-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Environment(string? cacheDirectory = null) => new Dictionary<string, string>
    {
        ["AETHERFS_HUB"] = Url.ToString(),
        ["AETHERFS_CACHE_DIR"] = cacheDirectory ?? NewCacheDirectory(),
    };

    /// <summary>Starts a hub; give the storage and port of a killed one to restart it.</summary>
    /// <param name="options">More options of <c>run hub</c>, such as <c>--grpc-max-message-size</c>.</param>
    /// <param name="tlsCertificate">The certificate given with <c>--tls-cert-path</c>: the hub then serves HTTPS, named localhost.</param>
    /// <param name="environment">Environment variables of the hub process.</param>
    public static async Task<HubProcess> StartAsync(TempDirectory? work = null, int? port = null, IReadOnlyList<string>? options = null, X509Certificate2? tlsCertificate = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        work ??= new TempDirectory();
        string[] arguments = ["run", "hub", "--port", (port ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), "--listen-address", "127.0.0.1", "--storage-path", work.Combine("store"), .. options ?? []];
        var process = Process.Start(Cli.StartInfo(environment, arguments))!;
        var hub = new HubProcess(process, work);
        try
        {
            hub.Port = await hub._log.PortAsync();
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        // The TLS certificate names localhost, so clients that verify it must use that name.
        hub.Url = new Uri(tlsCertificate is null ? $"http://127.0.0.1:{hub.Port}/" : $"https://localhost:{hub.Port}/");
        return hub;
    }

    /// <summary>Kills the hub as a crash would (SIGKILL), keeping its storage for a restart.</summary>
    public async Task<(TempDirectory Work, int Port)> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _keepStorage = true;
        return (_work, Port);
    }

    /// <summary>Kills the hub if it runs and removes its storage unless kept; safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (!_keepStorage)
        {
            _work.Dispose();
        }
    }

    /// <summary>A loopback port nothing listens on now, for tests of an unreachable hub (never to listen on).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
