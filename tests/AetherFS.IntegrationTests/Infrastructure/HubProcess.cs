using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>A real hub (<c>aetherfs run hub</c>) on a free loopback port with its own storage directory.</summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _work;
    private bool _keepStorage;

    private HubProcess(Process process, int port, TempDirectory work)
    {
        _process = process;
        _work = work;
        Port = port;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri Url { get; }

    public string StoragePath => _work.Combine("store");

    /// <summary>A fresh cache directory per test, so results do not depend on other tests.</summary>
    public string NewCacheDirectory() => _work.Combine("cache-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Environment(string? cacheDirectory = null) => new Dictionary<string, string>
    {
        ["AETHERFS_HUB"] = Url.ToString(),
        ["AETHERFS_CACHE_DIR"] = cacheDirectory ?? NewCacheDirectory(),
    };

    /// <summary>Starts a hub; give the storage and port of a stopped one to restart it.</summary>
    public static async Task<HubProcess> StartAsync(TempDirectory? work = null, int? port = null)
    {
        work ??= new TempDirectory();
        port ??= FreePort();
        var info = Cli.StartInfo(null, "run", "hub", "--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--listen-address", "127.0.0.1", "--storage-path", work.Combine("store"));
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var hub = new HubProcess(process, port.Value, work);
        await hub.WaitUntilHealthyAsync();
        return hub;
    }

    /// <summary>Kills the hub as a crash would, keeping its storage for a restart.</summary>
    public async Task<(TempDirectory Work, int Port)> KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _keepStorage = true;
        return (_work, Port);
    }

    public async ValueTask DisposeAsync()
    {
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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"hub exited with {_process.ExitCode} before it was healthy");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Url, "healthz"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("hub did not become healthy in 60 s");
    }
}
