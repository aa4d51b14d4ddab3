using System.Net;
using System.Net.Sockets;

namespace AetherFS.Testing;

/// <summary>
/// A real S3 server (s3rver, from npm) on a free loopback port with its own data directory and buckets. .ci/run
/// installs it into tests/s3/node_modules; the tests fail, never skip, when it is missing.
/// </summary>
public sealed class S3rverProcess : IAsyncDisposable
{
    /// <summary>The only credentials s3rver knows.</summary>
    public const string AccessKeyId = "S3RVER";

    public const string SecretAccessKey = "S3RVER";

    private readonly TempDirectory _data = new();
    private readonly IReadOnlyList<string> _buckets;
    private readonly S3rverSettings _settings;
    private NodeProcess? _process;

    private S3rverProcess(IReadOnlyList<string> buckets, S3rverSettings settings)
    {
        _buckets = buckets;
        _settings = settings;
        Port = LoopbackPort.Free();
    }

    public int Port { get; }

    public string Endpoint => $"{(_settings.CertificatePath is null ? "http" : "https")}://127.0.0.1:{Port}";

    /// <summary>The first bucket, created at start.</summary>
    public string Bucket => _buckets[0];

    public string DataDirectory => _data.Path;

    public static async Task<S3rverProcess> StartAsync(IReadOnlyList<string>? buckets = null, S3rverSettings? settings = null)
    {
        var server = new S3rverProcess(buckets ?? ["aetherfs"], settings ?? new S3rverSettings());
        try
        {
            await server.RestartAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where .ci/run installs s3rver: tests/s3/node_modules under the repository root.</summary>
    public static string ScriptPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "AetherFS.slnx")))
            {
                var script = Path.Join(directory.FullName, "tests", "s3", "node_modules", "s3rver", "bin", "s3rver.js");
                return File.Exists(script)
                    ? script
                    : throw new InvalidOperationException($"s3rver is not installed at {script}: run `npm install --prefix tests/s3` (.ci/run does)");
            }
        }

        throw new InvalidOperationException("cannot find the repository root (AetherFS.slnx) above " + AppContext.BaseDirectory);
    }

    /// <summary>Stops the server as a crash would; its data stays for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }

    /// <summary>Starts the server (again) on the same port and data.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        // The legacy provider is what s3rver's continuation tokens need on Node 17+.
        List<string> arguments = [ScriptPath(), "-d", _data.Path, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent"];
        foreach (var bucket in _buckets)
        {
            arguments.AddRange(["--configure-bucket", bucket]);
        }

        if (_settings.AllowMismatchedSignatures)
        {
            arguments.Add("--allow-mismatched-signatures");
        }

        if (_settings.CertificatePath is { } certificate)
        {
            arguments.AddRange(["--cert", certificate, "--key", _settings.KeyPath!]);
        }

        var process = NodeProcess.Start(arguments, environment: new Dictionary<string, string> { ["NODE_OPTIONS"] = "--openssl-legacy-provider" });
        _process = process;
        await WaitUntilListeningAsync(process);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _data.Dispose();
    }

    private async Task WaitUntilListeningAsync(NodeProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"s3rver exited with {process.ExitCode} at start: {process.Output(20)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("s3rver did not listen within 30 s");
    }

}
