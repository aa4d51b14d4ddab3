using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>A real hub (<c>aetherfs run hub</c>) on a free loopback port with its own storage directory.</summary>
public sealed class HubProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _work;
    private bool _keepStorage;

    private readonly X509Certificate2? _tlsCertificate;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private HubProcess(Process process, int port, TempDirectory work, X509Certificate2? tlsCertificate)
    {
        _process = process;
        _work = work;
        _tlsCertificate = tlsCertificate;
        Port = port;
        // The TLS certificate names localhost, so clients that verify it must use that name.
        Url = new Uri(tlsCertificate is null ? $"http://127.0.0.1:{port}/" : $"https://localhost:{port}/");
    }

    public int Port { get; }

    public Uri Url { get; }

    public string StoragePath => _work.Combine("store");

    /// <summary>Everything the hub wrote to stdout and stderr so far, one line each.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>A fresh cache directory per test, so results do not depend on other tests.</summary>
    public string NewCacheDirectory() => _work.Combine("cache-" + Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Environment(string? cacheDirectory = null) => new Dictionary<string, string>
    {
        ["AETHERFS_HUB"] = Url.ToString(),
        ["AETHERFS_CACHE_DIR"] = cacheDirectory ?? NewCacheDirectory(),
    };

    /// <summary>Starts a hub; give the storage and port of a stopped one to restart it.</summary>
    /// <param name="options">More options of <c>run hub</c>, such as <c>--grpc-max-message-size</c>.</param>
    /// <param name="tlsCertificate">The certificate given with <c>--tls-cert-path</c>: the hub then serves HTTPS, and the health check trusts exactly this certificate.</param>
    /// <param name="environment">Environment variables of the hub process.</param>
    public static async Task<HubProcess> StartAsync(TempDirectory? work = null, int? port = null, IReadOnlyList<string>? options = null, X509Certificate2? tlsCertificate = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        work ??= new TempDirectory();
        port ??= FreePort();
        string[] arguments = ["run", "hub", "--port", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "--listen-address", "127.0.0.1", "--storage-path", work.Combine("store"), .. options ?? []];
        var info = Cli.StartInfo(environment, arguments);
        var process = Process.Start(info)!;
        var hub = new HubProcess(process, port.Value, work, tlsCertificate);
        process.OutputDataReceived += (_, e) => hub.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => hub.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    private void Remember(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var handler = new SocketsHttpHandler();
        if (_tlsCertificate is { } trusted)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        }

        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"hub exited with {_process.ExitCode} before it was healthy: {Output}");
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
