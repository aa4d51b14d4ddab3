using System.Net;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>
/// A hub holding <c>fs-files:v1</c>, pushed by the real CLI with fixed 64 KiB blocks so its 1 MiB file spans
/// sixteen of them, beside small files, nested and unicode directories, symlinks, an empty file and several
/// extensions; and two datasets whose paths overlap (<c>fs-amb:v1</c>, <c>fs-amb/v1:v2</c>).
/// </summary>
public sealed class FileServerFixture : IAsyncLifetime
{
    public const string Dataset = "fs-files";
    public const int BigSize = 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    public static readonly DateTime BigModifiedAt = new DateTime(2021, 10, 5, 12, 30, 15, DateTimeKind.Utc).AddTicks(1234567);

    /// <summary>The regular files of <c>fs-files:v1</c>; beside them, <c>latest.bin</c> links to <c>big.bin</c> and <c>current</c> to <c>data</c>.</summary>
    public static readonly string[] Files =
    [
        "big.bin", "data/small.txt", "data/nested/deep/leaf.json", "data/table.csv", "image.png", "page.html",
        "ünïcødé/日本語 ファイル.txt", "spaces in name/a file & more.txt", "empty.txt", "odd#name?.bin",
    ];

    private readonly TempDirectory _temp = new();
    private HubHost? _hub;

    public HubHost Hub => _hub ?? throw new InvalidOperationException("hub not started");

    /// <summary>Redirects are not followed and nothing is decompressed, so tests see exactly what the hub sent.</summary>
    public HttpClient Http { get; private set; } = null!;

    public string Source => _temp.Combine("files");

    /// <summary>The manifest digest of <c>fs-files:v1</c>.</summary>
    public string Digest { get; private set; } = "";

    public byte[] Local(string relativePath) => File.ReadAllBytes(Path.Join(Source, relativePath));

    public async Task InitializeAsync()
    {
        TreeBuilder.WriteFile(Source, "big.bin", TreeBuilder.RandomBytes(BigSize, 7), modified: BigModifiedAt);
        TreeBuilder.WriteFile(Source, "data/small.txt", "small file\n"u8.ToArray());
        TreeBuilder.WriteFile(Source, "data/nested/deep/leaf.json", """{"leaf":true}"""u8.ToArray());
        TreeBuilder.WriteFile(Source, "data/table.csv", TreeBuilder.RandomBytes(3000, 8));
        TreeBuilder.WriteFile(Source, "image.png", [0x89, (byte)'P', (byte)'N', (byte)'G', .. TreeBuilder.RandomBytes(2000, 9)]);
        TreeBuilder.WriteFile(Source, "page.html", "<html><script>alert(document.cookie)</script></html>"u8.ToArray());
        TreeBuilder.WriteFile(Source, "ünïcødé/日本語 ファイル.txt", "こんにちは"u8.ToArray());
        TreeBuilder.WriteFile(Source, "spaces in name/a file & more.txt", "spaces"u8.ToArray());
        TreeBuilder.WriteFile(Source, "empty.txt", []);
        TreeBuilder.WriteFile(Source, "odd#name?.bin", TreeBuilder.RandomBytes(10, 10));
        File.CreateSymbolicLink(Path.Join(Source, "latest.bin"), "big.bin");
        File.CreateSymbolicLink(Path.Join(Source, "current"), "data");

        _hub = await HubHost.StartAsync().WaitAsync(Timeout);
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = Hub.Url,
            Timeout = Timeout,
        };

        var pushed = await PushAsync(Source, $"{Dataset}:v1");
        Digest = pushed.GetProperty("digest").GetString()!;

        var shortName = _temp.Combine("amb-short");
        TreeBuilder.WriteFile(shortName, "v2/file.txt", "short"u8.ToArray());
        TreeBuilder.WriteFile(shortName, "other/x.txt", "fallback"u8.ToArray());
        await PushAsync(shortName, "fs-amb:v1");
        var longName = _temp.Combine("amb-long");
        TreeBuilder.WriteFile(longName, "file.txt", "long"u8.ToArray());
        await PushAsync(longName, "fs-amb/v1:v2");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync().AsTask().WaitAsync(Timeout);
        }

        _temp.Dispose();
    }

    private async Task<System.Text.Json.JsonElement> PushAsync(string source, string reference)
    {
        var result = await Infrastructure.Cli.RunAsync(Hub.Environment(), "push", "-t", reference, "--chunking", "fixed", "--block-size", "64KiB", "--json", source).WaitAsync(Timeout);
        return result.AssertSuccess().Json();
    }
}
