using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Grpc;

/// <summary>
/// What the Python interop cases run against: a hub holding sample datasets pushed with the real CLI, a hub with a
/// small gRPC message limit, a hub serving TLS with a self-signed certificate, and the Python stubs generated from
/// proto/ once for all cases. The Python side reads all of it from environment variables (see interop.py).
/// </summary>
public sealed class GrpcInteropFixture : IAsyncLifetime
{
    /// <summary>The small hub's --grpc-max-message-size (the least the hub accepts), well under a 1 MiB Download part.</summary>
    public const int SmallMessageLimit = 64 * 1024;

    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan ModuleTimeout = TimeSpan.FromMinutes(10);
    private static readonly System.Text.Json.JsonSerializerOptions CaseJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private readonly TempDirectory _work = new();
    private readonly Dictionary<string, Task<Dictionary<string, CaseOutcome>>> _modules = new(StringComparer.Ordinal);
    private Task<HubHost>[] _hubs = [];
    private Dictionary<string, string>? _environment;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture that failed to start: stop the hubs that did start.
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var hub in _hubs.Where(h => h.IsCompletedSuccessfully))
        {
            await (await hub).DisposeAsync();
        }

        _hubs = [];
        _work.Dispose();
    }

    /// <summary>
    /// Fails with its output unless the Python case <c>module.Class.test_x</c> passed. Each module runs once, in one
    /// interpreter (run_cases.py), the first time one of its cases is asked for; its cases report from that run.
    /// </summary>
    public async Task RunPythonCaseAsync(string module, string testClass, string testCase)
    {
        Task<Dictionary<string, CaseOutcome>> run;
        lock (_modules)
        {
            if (!_modules.TryGetValue(module, out run!))
            {
                _modules[module] = run = RunModuleAsync(module);
            }
        }

        var outcomes = await run;
        var id = $"{module}.{testClass}.{testCase}";
        Assert.True(outcomes.TryGetValue(testCase, out var outcome), $"{id} did not run");
        Assert.True(outcome.Passed, $"{id} failed\n{outcome.Details}");
    }

    private async Task<Dictionary<string, CaseOutcome>> RunModuleAsync(string module)
    {
        var environment = _environment ?? throw new InvalidOperationException("fixture not initialized");
        var results = _work.Combine($"{module}.json");
        var run = await PythonProcess.RunAsync(InteropPaths.PythonTests, environment, ModuleTimeout, "run_cases.py", module, results);
        Assert.True(File.Exists(results), $"{module}: python exited {run.ExitCode} without results\n--- stderr ---\n{run.StandardError}\n--- stdout ---\n{run.StandardOutput}");
        return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, CaseOutcome>>(await File.ReadAllTextAsync(results), CaseJson)!;
    }

    private async Task StartAsync()
    {
        var certificatePath = _work.Combine("hub-cert.pem");
        var keyPath = _work.Combine("hub-key.pem");
        using var certificate = SelfSignedCertificate.Create(certificatePath, keyPath);
        _hubs =
        [
            HubHost.StartAsync(),
            HubHost.StartAsync(options: ["--grpc-max-message-size", SmallMessageLimit.ToString(CultureInfo.InvariantCulture)]),
            HubHost.StartAsync(options: ["--tls-cert-path", certificatePath, "--tls-key-path", keyPath], tlsCertificate: certificate),
        ];
        // Wait for all three before looking at any, so that a failure leaves none starting unseen.
        var started = await Task.WhenAll(_hubs);
        var (hub, small, tls) = (started[0], started[1], started[2]);

        var stubs = _work.Combine("stubs");
        var generate = PythonProcess.RunAsync(InteropPaths.PythonTests, new Dictionary<string, string>(), CaseTimeout, "generate_stubs.py", InteropPaths.Protos, stubs);
        var samples = _work.Combine("samples.json");
        await File.WriteAllTextAsync(samples, (await PushSamplesAsync(hub)).ToJsonString());
        (await generate).AssertSuccess("generating the Python stubs");

        _environment = new Dictionary<string, string>
        {
            ["AETHERFS_GRPC_TARGET"] = $"127.0.0.1:{hub.Port}",
            ["AETHERFS_REST_URL"] = hub.Url.ToString(),
            ["AETHERFS_GRPC_STORAGE"] = hub.StoragePath,
            ["AETHERFS_GRPC_STUBS"] = stubs,
            ["AETHERFS_GRPC_SAMPLES"] = samples,
            ["AETHERFS_GRPC_SMALL_TARGET"] = $"127.0.0.1:{small.Port}",
            ["AETHERFS_GRPC_SMALL_LIMIT"] = SmallMessageLimit.ToString(CultureInfo.InvariantCulture),
            ["AETHERFS_GRPC_TLS_TARGET"] = $"localhost:{tls.Port}",
            ["AETHERFS_GRPC_TLS_ROOT"] = certificatePath,
        };
    }

    // The datasets the Python cases read; cases that change anything use names of their own.
    private async Task<JsonObject> PushSamplesAsync(HubHost hub)
    {
        var multi = _work.Combine("samples", "multi");
        // Over 3 MiB in one 4 MiB fixed block: a Download of it streams at least four parts.
        TreeBuilder.WriteFile(multi, "big.bin", TreeBuilder.RandomBytes((3 * 1024 * 1024) + 4321, 900));
        TreeBuilder.WriteFile(multi, "docs/readme.txt", "AetherFS gRPC interop sample\n"u8.ToArray());
        TreeBuilder.WriteFile(multi, "docs/empty.txt", []);
        File.CreateSymbolicLink(Path.Join(multi, "latest"), "big.bin");

        var cdc = _work.Combine("samples", "cdc");
        // Content-defined chunking cuts this into several blocks of 16 to 256 KiB.
        TreeBuilder.WriteFile(cdc, "data/a.bin", TreeBuilder.RandomBytes(700_000, 901));
        TreeBuilder.WriteFile(cdc, "data/b.bin", TreeBuilder.RandomBytes(300_000, 902));
        TreeBuilder.WriteFile(cdc, "notes.txt", "several blocks\n"u8.ToArray());

        var small = _work.Combine("samples", "small");
        TreeBuilder.WriteFile(small, "x.txt", "paging sample\n"u8.ToArray());

        string[] tags = ["v1", "v2", "v3"];
        string[] listed = ["interop/list/a", "interop/list/b", "interop/list/c"];
        var pushes = await Task.WhenAll(
            PushAsync(hub, multi, ["interop/multi:v1", "interop/multi:stable"], "--chunking", "fixed", "--block-size", "4MiB", "--file-digests"),
            PushAsync(hub, cdc, ["interop/cdc:v1"]),
            PushAsync(hub, small, [.. tags.Select(t => "interop/paged:" + t), .. listed.Select(n => n + ":v1")]));

        return new JsonObject
        {
            ["multi"] = Sample("interop/multi", ["v1", "stable"], pushes[0], multi, PackedStreamSha256(multi)),
            ["cdc"] = Sample("interop/cdc", ["v1"], pushes[1], cdc),
            ["tags"] = Sample("interop/paged", tags, pushes[2], small),
            ["list"] = new JsonArray([.. listed.Select(n => JsonValue.Create(n))]),
        };
    }

    private static async Task<string> PushAsync(HubHost hub, string source, string[] references, params string[] options)
    {
        string[] arguments = ["push", .. references.SelectMany(r => new[] { "-t", r }), .. options, "--json", source];
        var push = (await Infrastructure.Cli.RunAsync(hub.Environment(), arguments)).AssertSuccess().Json();
        return push.GetProperty("digest").GetString()!;
    }

    private static JsonObject Sample(string name, string[] tags, string digest, string source, string? streamSha256 = null)
    {
        var sample = new JsonObject
        {
            ["name"] = name,
            ["tags"] = new JsonArray([.. tags.Select(t => JsonValue.Create(t))]),
            ["digest"] = digest,
            ["source"] = source,
        };
        if (streamSha256 is not null)
        {
            sample["streamSha256"] = streamSha256;
        }

        return sample;
    }

    // Computed here, independently of the Python side: the regular files' bytes in ordinal path order.
    private static string PackedStreamSha256(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => new FileInfo(f).LinkTarget is null)
            .Select(f => Path.GetRelativePath(root, f))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(File.ReadAllBytes(Path.Join(root, file)));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
