using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>aetherfs run hub</c> process, for what only a process shows (kill -9, what it prints): on a port it picks
/// itself (port 0, read back from its "listening on" line, so no other test can take it first), with its own storage.
/// </summary>
public sealed partial class HubProcess : IHub, IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly TempDirectory _work;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _keepStorage;

    private HubProcess(Process process, TempDirectory work)
    {
        _process = process;
        _work = work;
    }

    public int Port { get; private set; }

    public Uri Url { get; private set; } = null!;

    public string StoragePath => _work.Combine("store");

    public string Output => string.Join('\n', _output);

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
        process.OutputDataReceived += (_, e) => hub.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => hub.Remember(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => hub._listening.TrySetException(new InvalidOperationException($"hub exited before it listened: {hub.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            hub.Port = await hub._listening.Task.WaitAsync(StartTimeout);
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

    /// <summary>A loopback port nothing listens on now, for tests of an unreachable hub (never to listen on).</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"hub listening on https?://[^:\s]+:(\d+)")]
    private static partial Regex ListeningLine();
}
