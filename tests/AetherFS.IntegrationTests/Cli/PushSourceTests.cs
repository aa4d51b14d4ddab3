using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using AetherFS.Client.Hub;
using AetherFS.Client.Push;
using AetherFS.Core.Packing;
using AetherFS.Core.References;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>What <c>aetherfs push</c> takes as its source: archives within limits, compressed tars, single files, exclusions, special files.</summary>
public sealed class PushSourceTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public PushSourceTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Push_OfAZipBomb_IsRefusedNamingTheLimit_AndLeavesNoTempFolder()
    {
        // 24 MiB of zeros deflate to about 24 KiB: a ratio near 1000, far beyond any real dataset's.
        var bomb = _temp.Combine("bomb.zip");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            using var entry = zip.CreateEntry("zeros.bin", CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[24 * 1024 * 1024]);
        }

        var tmp = TempRoot();

        var refused = await Infrastructure.Cli.RunAsync(Env(tmp), "push", "-t", "bomb:v1", bomb);

        refused.AssertFailedWithOneLine(2);
        Assert.Contains("--max-extract-ratio", refused.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "bomb")).AssertFailedWithOneLine(3);

        // Raised, the same archive goes through.
        (await Infrastructure.Cli.RunAsync(Env(tmp), "push", "-t", "bomb:v1", "--max-extract-ratio", "2000", bomb)).AssertSuccess();
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    [Theory]
    [InlineData("--max-extract-size", "100KiB")]
    [InlineData("--max-archive-entries", "3")]
    public async Task Push_OfAnArchiveBeyondALimit_IsRefusedNamingTheOption(string option, string value)
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(80_000, 1));
        TreeBuilder.WriteFile(source, "b/c.bin", TreeBuilder.RandomBytes(80_000, 2));
        var archive = _temp.Combine("limits.tar.gz");
        await ArchiveTool.CreateAsync("tar.gz", source, archive);
        var tmp = TempRoot();

        var refused = await Infrastructure.Cli.RunAsync(Env(tmp), "push", "-t", "limits:v1", option, value, archive);

        refused.AssertFailedWithOneLine(2);
        Assert.Contains(option, refused.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    [Fact]
    public async Task Push_RemovesExtractionFoldersLeftByDeadPushes_AndKeepsLiveOnes()
    {
        var tmp = TempRoot();
        // As a push killed with -9 leaves it: named with its (now dead) process id, its lock file no longer held.
        using var exited = Process.Start(new ProcessStartInfo("true"))!;
        await exited.WaitForExitAsync();
        var stale = Path.Join(tmp, $"aetherfs-push-{exited.Id}-0123456789abcdef0123456789abcdef");
        TreeBuilder.WriteFile(Path.Join(stale, "tree"), "half-extracted.bin", TreeBuilder.RandomBytes(10_000, 3));
        File.WriteAllText(Path.Join(stale, "owner.lock"), string.Empty);
        using var live = ExtractionDirectory.Create(tmp);
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "a.txt", "a"u8.ToArray());
        var archive = _temp.Combine("small.tar");
        await ArchiveTool.CreateAsync("tar", source, archive);

        var push = await Infrastructure.Cli.RunAsync(Env(tmp), "push", "-t", "stale:v1", archive);

        push.AssertSuccess();
        Assert.False(Directory.Exists(stale));
        Assert.True(Directory.Exists(live.Path));
        Assert.Contains($"aetherfs: warning: removed '{stale}'", push.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_KilledDuringExtraction_LeavesAFolderTheNextPushRemoves()
    {
        var tmp = TempRoot();
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "d/f.bin", TreeBuilder.RandomBytes(100_000, 11));
        var archive = _temp.Combine("held.tar");
        await ArchiveTool.CreateAsync("tar", source, archive);
        // A hub that takes the connection and never answers holds the push right after extraction, folder in place,
        // for as long as the test needs to kill it.
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var env = new Dictionary<string, string>(Env(tmp)) { ["AETHERFS_HUB"] = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}" };
        using (var killed = Process.Start(Infrastructure.Cli.StartInfo(env, "push", "-t", "killed:v1", archive))!)
        {
            await Eventually.HoldsAsync(() => Task.FromResult(Directory.EnumerateFiles(tmp, "f.bin", SearchOption.AllDirectories).Any()), "extraction");
            killed.Kill();
            await killed.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        var left = Assert.Single(Directory.EnumerateDirectories(tmp, "aetherfs-push-*"));

        (await Infrastructure.Cli.RunAsync(Env(tmp), "push", "-t", "killed:v1", archive)).AssertSuccess();

        Assert.False(Directory.Exists(left));
        Assert.Empty(Directory.EnumerateDirectories(tmp, "aetherfs-push-*"));
    }

    [Fact]
    public async Task Push_WithStripComponents_ServesTheFilesAtTheTop_AsTheReadmeQuickstartDoes()
    {
        // The README's own steps: tar czf of the directory itself, so every name starts with GeoLite2/.
        var parent = _temp.Combine("work");
        TreeBuilder.WriteFile(Path.Join(parent, "GeoLite2"), "GeoLite2-City.csv", "network,geoname_id\n1.0.0.0/24,2077456\n"u8.ToArray());
        await RunToolAsync(parent, "tar", "czf", "GeoLite2-new.tar.gz", "GeoLite2");
        var archive = Path.Join(parent, "GeoLite2-new.tar.gz");

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "maxmind:v21.11", "-t", "maxmind:stable", "--strip-components", "1", archive)).AssertSuccess();

        using var http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.GetAsync(new Uri("/fs/maxmind/stable/GeoLite2-City.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("network,geoname_id\n1.0.0.0/24,2077456\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Push_WithStripComponents_OfADirectory_FailsWithOneLine()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "dir/a.txt", "a"u8.ToArray());

        var refused = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "strip-dir:v1", "--strip-components", "1", source);

        refused.AssertFailedWithOneLine(2);
        Assert.Contains("only an archive's entries", refused.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tar.zst")]
    [InlineData("tar.xz")]
    [InlineData("tar.bz2")]
    public async Task Push_OfATarCompressedByTheRealTool_PublishesItsFiles(string kind)
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "top.txt", "top"u8.ToArray());
        TreeBuilder.WriteFile(source, "dir/inner.bin", TreeBuilder.RandomBytes(300_000, 4));
        Directory.CreateDirectory(Path.Join(source, "empty"));
        // Named without its suffix: the format is told by its content.
        var archive = _temp.Combine("data-" + kind.Replace('.', '-'));
        await ArchiveTool.CreateAsync(kind, source, archive);
        var name = "compressed-" + kind.Replace('.', '-');

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", name + ":v1", archive)).AssertSuccess();
        var destination = _temp.Combine("dst");
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", name + ":v1", destination)).AssertSuccess();

        // (tar keeps whole-second mtimes, so the trees are compared by content.)
        Assert.Equal("top", File.ReadAllText(Path.Join(destination, "top.txt")));
        Assert.Equal(File.ReadAllBytes(Path.Join(source, "dir/inner.bin")), File.ReadAllBytes(Path.Join(destination, "dir/inner.bin")));
        Assert.True(Directory.Exists(Path.Join(destination, "empty")));
    }

    [Fact]
    public async Task Push_OfASingleFile_PublishesADatasetOfThatFile()
    {
        var file = _temp.Combine("in", "GeoLite2-City.csv");
        TreeBuilder.WriteFile(_temp.Combine("in"), "GeoLite2-City.csv", TreeBuilder.RandomBytes(200_000, 6));

        var push = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "single:v1", "--json", file)).AssertSuccess().Json();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "single:v1", _temp.Combine("dst"))).AssertSuccess();

        Assert.Equal(1, push.GetProperty("files").GetInt32());
        Assert.Equal(["GeoLite2-City.csv"], Directory.EnumerateFileSystemEntries(_temp.Combine("dst")).Select(Path.GetFileName));
        Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(_temp.Combine("dst", "GeoLite2-City.csv")));
    }

    [Fact]
    public async Task Push_LeavesOutWhatExcludeAndTheIgnoreFileName()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "keep.csv", "keep"u8.ToArray());
        TreeBuilder.WriteFile(source, "debug.log", "log"u8.ToArray());
        TreeBuilder.WriteFile(source, "sub/also.log", "log"u8.ToArray());
        TreeBuilder.WriteFile(source, "scratch/big.tmp", "tmp"u8.ToArray());
        TreeBuilder.WriteFile(source, "secrets.env", "password"u8.ToArray());
        TreeBuilder.WriteFile(source, ".aetherfsignore", "*.log\nscratch/\n"u8.ToArray());

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "ignored:v1", "--exclude", "*.env", source)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "ignored:v1", _temp.Combine("dst"))).AssertSuccess();

        var pulled = Directory.EnumerateFileSystemEntries(_temp.Combine("dst"), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(_temp.Combine("dst"), p)).Order(StringComparer.Ordinal);
        Assert.Equal([".aetherfsignore", "keep.csv", "sub"], pulled);
    }

    [Fact]
    public async Task Push_OfAnArchive_LeavesOutWhatExcludeAndItsIgnoreFileName()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "keep.csv", "keep"u8.ToArray());
        TreeBuilder.WriteFile(source, "debug.log", "log"u8.ToArray());
        TreeBuilder.WriteFile(source, "secrets.env", "password"u8.ToArray());
        TreeBuilder.WriteFile(source, ".aetherfsignore", "*.log\n"u8.ToArray());
        var archive = _temp.Combine("ignoring.tar.gz");
        await ArchiveTool.CreateAsync("tar.gz", source, archive);

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "ignored-archive:v1", "--exclude", "*.env", "--exclude", ".aetherfsignore", archive)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "ignored-archive:v1", _temp.Combine("dst"))).AssertSuccess();

        Assert.Equal(["keep.csv"], Directory.EnumerateFileSystemEntries(_temp.Combine("dst")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Push_SkipsSpecialFilesAndBadNamesWithAWarningEach_OrRefusesNamingThemAll()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.csv", "data"u8.ToArray());
        await RunToolAsync(source, "mkfifo", "pipe1");
        await RunToolAsync(source, "mkfifo", "pipe2");
        // A name that is not UTF-8, as a Latin-1 machine writes "café".
        await RunToolAsync(source, "python3", "-c", "open(b'caf\\xe9.txt', 'wb').write(b'x')");

        var refused = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "special:v1", "--special-files", "error", source);

        refused.AssertFailedWithOneLine(2);
        Assert.Contains("3 entries", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("'pipe1' is a FIFO", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("'pipe2' is a FIFO", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", refused.StandardError, StringComparison.Ordinal);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "special")).AssertFailedWithOneLine(3);

        var skipped = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "special:v1", "--json", source);

        Assert.Equal(1, skipped.AssertSuccess().Json().GetProperty("files").GetInt32());
        var warnings = skipped.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, warnings.Length);
        Assert.All(warnings, w => Assert.Matches("^aetherfs: warning: '.+' (is a FIFO|has a name that is not valid UTF-8): skipped$", w));
    }

    [Fact]
    public async Task Push_OfAnArchiveWithAFifo_SkipsItWithAWarning_OrRefusesIt()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.csv", "data"u8.ToArray());
        await RunToolAsync(source, "mkfifo", "pipe");
        var archive = _temp.Combine("fifo.tar");
        await ArchiveTool.CreateAsync("tar", source, archive);

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "fifo-archive:v1", "--special-files", "error", archive)).AssertFailedWithOneLine(2);
        var skipped = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "fifo-archive:v1", archive);

        skipped.AssertSuccess();
        Assert.Equal("aetherfs: warning: 'pipe' is a FIFO: skipped", skipped.StandardError.Trim());
    }

    [Fact]
    public async Task Push_OfAFileChangedInPlaceWhileRead_ReadsItAgain_AndNeverPublishesAMix()
    {
        var source = _temp.Combine("src");
        var original = TreeBuilder.RandomBytes(3_000_000, 7);
        var rewritten = TreeBuilder.RandomBytes(3_000_000, 8);
        TreeBuilder.WriteFile(source, "a.bin", TreeBuilder.RandomBytes(100_000, 9));
        TreeBuilder.WriteFile(source, "live.bin", original);
        var changes = 0;
        var warnings = new List<string>();

        // The worst moment: once its bytes are read, the file is rewritten in place, same size, mtime put back.
        void RewriteOnce(string path)
        {
            if (path.EndsWith("live.bin", StringComparison.Ordinal) && Interlocked.Increment(ref changes) == 1)
            {
                var mtime = File.GetLastWriteTimeUtc(path);
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                    stream.Write(rewritten.AsSpan(0, 1_500_000));
                }

                File.SetLastWriteTimeUtc(path, mtime);
            }
        }

        var result = await PushAsync(source, "changing:v1", RewriteOnce, warnings.Add);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "changing:v1", _temp.Combine("dst"))).AssertSuccess();

        Assert.Equal(2, result.Files);
        Assert.Equal([.. rewritten.AsSpan(0, 1_500_000), .. original.AsSpan(1_500_000)], File.ReadAllBytes(_temp.Combine("dst", "live.bin")));
        Assert.Single(warnings, w => w.Contains("live.bin' changed as it was read", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Push_OfAFileThatKeepsChanging_FailsNamingIt_AndPublishesNothing()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "live.bin", TreeBuilder.RandomBytes(1_000_000, 10));
        var round = 0;

        void RewriteAlways(string path)
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
            stream.Write(TreeBuilder.RandomBytes(1000, 100 + Interlocked.Increment(ref round)));
        }

        var error = await Assert.ThrowsAsync<PackingException>(() => PushAsync(source, "unsettled:v1", RewriteAlways, _ => { }));

        Assert.Contains("live.bin' changed as it was read, twice", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, round);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "unsettled")).AssertFailedWithOneLine(3);
    }

    private static async Task RunToolAsync(string workingDirectory, string tool, params string[] args)
    {
        var info = new ProcessStartInfo(tool) { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }

    // The push engine itself, for what the CLI cannot reach: a hook that changes a file at the worst moment.
    private async Task<PushResult> PushAsync(string source, string reference, Action<string> afterFileRead, Action<string> warn)
    {
        using var hub = new HubClient(_hub.Url);
        var engine = new PushEngine(hub, new PushOptions { AfterFileRead = afterFileRead, Warn = warn });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await engine.PushAsync(source, [DatasetReference.Parse(reference)], null, timeout.Token);
    }

    private string TempRoot()
    {
        var tmp = _temp.Combine("tmp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(tmp);
        return tmp;
    }

    private Dictionary<string, string> Env(string tmp) => new(_hub.Environment()) { ["TMPDIR"] = tmp };
}
