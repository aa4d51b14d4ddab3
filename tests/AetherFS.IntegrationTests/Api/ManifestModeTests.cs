using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using AetherFS.Core.Manifests;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Api;

/// <summary>
/// The hub stores only the modes a producer records (docs/architecture.md, "Modes"): a manifest that carries setuid,
/// setgid or sticky on a file, setuid on a directory or a mode on a symlink is refused with 400, naming the path.
/// </summary>
public sealed class ManifestModeTests : IClassFixture<HubFixture>, IDisposable
{
    private static readonly DateTime When = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly HttpClient _http;
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public ManifestModeTests(HubFixture fixture)
    {
        _hub = fixture.Hub;
        _http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("file", 4095, "file 'x/entry' has mode 07777")]
    [InlineData("file", 2541, "file 'x/entry' has mode 04755")]
    [InlineData("file", 1517, "file 'x/entry' has mode 02755")]
    [InlineData("file", 1023, "file 'x/entry' has mode 01777")]
    [InlineData("directory", 2541, "directory 'x/entry' has mode 04755")]
    [InlineData("symlink", 420, "symlink 'x/entry' has mode 0644")]
    public async Task Manifest_WithModeBitsNoProducerRecords_IsRefused_NamingThePath(string type, int mode, string message)
    {
        var entry = type switch
        {
            "directory" => new ManifestEntry("x/entry", EntryType.Directory, 0, mode, When),
            "symlink" => new ManifestEntry("x/entry", EntryType.Symlink, 0, mode, When, Target: "../a.txt"),
            _ => new ManifestEntry("x/entry", EntryType.File, 0, mode, When),
        };
        var bytes = ManifestSerializer.ToCanonicalBytes(new Manifest(ChunkingParameters.Default, [new ManifestEntry("a.txt", EntryType.File, 0, 420, When), new ManifestEntry("x", EntryType.Directory, 0, 493, When), entry], []));
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

        using var response = await _http.PutAsync(new Uri($"/api/v1/manifests/{digest}", UriKind.Relative), new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(message, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var get = await _http.GetAsync(new Uri($"/api/v1/manifests/{digest}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Fact]
    public async Task Push_OfSetuidFilesAndSpecialDirectories_RecordsWhatTheHubAccepts()
    {
        var source = _temp.Combine("special");
        TreeBuilder.WriteFile(source, "shared/tool", "#!/bin/sh\n"u8.ToArray(), (UnixFileMode)0xFED); // 07755
        File.SetUnixFileMode(Path.Join(source, "shared"), (UnixFileMode)0xFFF); // 07777: setuid is dropped, setgid and sticky kept
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "special-modes:v1", source)).AssertSuccess();

        var kept = _temp.Combine("kept");
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "special-modes:v1", kept, "--keep-special-bits")).AssertSuccess();

        Assert.Equal((UnixFileMode)0x1ED, File.GetUnixFileMode(Path.Join(kept, "shared/tool")));
        Assert.Equal((UnixFileMode)0x7FF, File.GetUnixFileMode(Path.Join(kept, "shared")));
    }
}
