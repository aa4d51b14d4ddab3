using System.Formats.Tar;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Bad input gets one clear line on stderr, a non-zero exit, and changes nothing.</summary>
public sealed class BadInputTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public BadInputTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("Upper:case")]
    [InlineData("bad//name:v1")]
    [InlineData("name:-tag")]
    [InlineData("../escape:v1")]
    [InlineData("name@sha256:abc")]
    public async Task Pull_MalformedReference_FailsWithOneLine(string reference)
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", reference, _temp.Combine("dst"));

        result.AssertFailedWithOneLine(2);
        Assert.Contains("invalid reference", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.Combine("dst")));
    }

    [Fact]
    public async Task Pull_UnknownDatasetOrTag_IsNotFound()
    {
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "no-such-dataset:v1", _temp.Combine("dst"))).AssertFailedWithOneLine(3);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "no-such-dataset")).AssertFailedWithOneLine(3);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "rm", "no-such-dataset:v1")).AssertFailedWithOneLine(3);
    }

    [Fact]
    public async Task Pull_DropsSetgidAndStickyBits_UnlessAskedToKeepThem()
    {
        // Files never carry special bits (the hub refuses them); directories may carry setgid and sticky.
        var source = _temp.Combine("setgid");
        var special = UnixFileMode.SetGroup | UnixFileMode.StickyBit | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        TreeBuilder.WriteFile(source, "shared/tool", "#!/bin/sh\n"u8.ToArray());
        File.SetUnixFileMode(Path.Join(source, "shared"), special);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "setgid:v1", source)).AssertSuccess();

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "setgid:v1", _temp.Combine("plain"))).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "pull", "setgid:v1", _temp.Combine("kept"), "--keep-special-bits")).AssertSuccess();

        Assert.Equal(special & ~(UnixFileMode.SetGroup | UnixFileMode.StickyBit), File.GetUnixFileMode(Path.Join(_temp.Combine("plain"), "shared")));
        Assert.Equal(special, File.GetUnixFileMode(Path.Join(_temp.Combine("kept"), "shared")));
    }

    [Fact]
    public async Task Pull_WhoseCacheCannotBeWritten_GoesOnWithoutIt_AndSaysSoOnce()
    {
        var source = _temp.Combine("nocache-src");
        TreeBuilder.WriteFile(source, "data.bin", TreeBuilder.RandomBytes(300_000, 5));
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "brokencache:v1", source)).AssertSuccess();
        // A file where the cache's segment directory belongs: every cache write fails, as on a full file system.
        var cache = _temp.Combine("broken-cache");
        Directory.CreateDirectory(cache);
        File.WriteAllText(Path.Join(cache, "segments"), "not a directory");

        var pull = await Infrastructure.Cli.RunAsync(_hub.Environment(cache), "pull", "brokencache:v1", _temp.Combine("dst-nocache"));

        pull.AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("dst-nocache"));
        Assert.Single(pull.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains("cache could not be used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_IntoADestinationWithATrailingSlash_Works()
    {
        var source = _temp.Combine("slash-src");
        TreeBuilder.WriteFile(source, "a.txt", "slash"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "slash:v1", source)).AssertSuccess();

        // Twice, with one cache directory: the second pull finds DEST recorded as pulled, slash or not.
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(env, "pull", "slash:v1", _temp.Combine("slash-dst") + "/")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", "slash:v1", _temp.Combine("slash-dst") + "/")).AssertSuccess();

        TreeAssert.Equal(source, _temp.Combine("slash-dst"));
    }

    [Fact]
    public async Task ScopedNames_AreDatasetNames_NotResponseFiles()
    {
        var source = _temp.Combine("scoped");
        TreeBuilder.WriteFile(source, "a.txt", "scoped"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "@scope/name:v1", source)).AssertSuccess();

        var tags = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "@scope/name", "--json")).AssertSuccess();
        var missing = await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "@scope/absent");

        Assert.Contains("v1", tags.StandardOutput, StringComparison.Ordinal);
        missing.AssertFailedWithOneLine(3);
        Assert.DoesNotContain("response file", missing.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Commands_WhenHubIsDown_SayItCannotBeReached()
    {
        var env = new Dictionary<string, string> { ["AETHERFS_HUB"] = $"http://127.0.0.1:{HubProcess.UnusedPort()}" };
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "x.txt", "x"u8.ToArray());

        var push = await Infrastructure.Cli.RunAsync(env, "push", "-t", "down:v1", source);
        var ls = await Infrastructure.Cli.RunAsync(env, "ls");

        push.AssertFailedWithOneLine(4);
        ls.AssertFailedWithOneLine(4);
        Assert.Contains("cannot reach hub", ls.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_MissingPath_FailsWithOneLine()
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "missing:v1", _temp.Combine("nope"));

        result.AssertFailedWithOneLine(2);
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("/tmp/evil.txt")]
    [InlineData("a/../../evil.txt")]
    public async Task Push_TarWithEscapingEntry_IsRefusedAndPublishesNothing(string hostileName)
    {
        var archive = _temp.Combine("hostile.tar");
        await using (var stream = File.Create(archive))
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            var good = new PaxTarEntry(TarEntryType.RegularFile, "good.txt") { DataStream = new MemoryStream("ok"u8.ToArray()) };
            await writer.WriteEntryAsync(good);
            var evil = new PaxTarEntry(TarEntryType.RegularFile, hostileName) { DataStream = new MemoryStream("pwned"u8.ToArray()) };
            await writer.WriteEntryAsync(evil);
        }

        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "hostile:v1", archive);

        result.AssertFailedWithOneLine(2);
        Assert.Contains("refusing archive entry", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/evil.txt") && File.ReadAllText("/tmp/evil.txt") == "pwned");
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "tags", "hostile")).AssertFailedWithOneLine(3);
    }

    [Fact]
    public async Task Push_TarWithSymlinkOutsideRoot_IsRefused()
    {
        var archive = _temp.Combine("symlink.tar");
        await using (var stream = File.Create(archive))
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "passwd") { LinkName = "/etc/passwd" });
        }

        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "symlink:v1", archive);

        result.AssertFailedWithOneLine(2);
        Assert.Contains("outside the dataset", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_DirectoryWithSymlinkOutsideRoot_IsRefused()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "x.txt", "x"u8.ToArray());
        File.CreateSymbolicLink(Path.Join(source, "escape"), "../../etc");

        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "dir-symlink:v1", source)).AssertFailedWithOneLine(2);
    }

    [Fact]
    public async Task Pull_IntoForeignNonEmptyDirectory_IsRefusedWithoutForce()
    {
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "x.txt", "x"u8.ToArray());
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "foreign:v1", source)).AssertSuccess();
        var destination = _temp.Combine("mine");
        TreeBuilder.WriteFile(destination, "precious.txt", "keep me"u8.ToArray());

        (await Infrastructure.Cli.RunAsync(env, "pull", "foreign:v1", destination)).AssertFailedWithOneLine();
        Assert.Equal("keep me", File.ReadAllText(Path.Join(destination, "precious.txt")));

        (await Infrastructure.Cli.RunAsync(env, "pull", "--force", "foreign:v1", destination)).AssertSuccess();
        Assert.False(File.Exists(Path.Join(destination, "precious.txt")));
        Assert.Equal("x", File.ReadAllText(Path.Join(destination, "x.txt")));
    }

    [Fact]
    public async Task Rm_WithoutExplicitTag_IsRefused()
    {
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "rm", "something")).AssertFailedWithOneLine(2);
    }

    [Fact]
    public async Task UnknownOption_IsAUsageError()
    {
        var result = await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "--no-such-flag");

        Assert.Equal(2, result.ExitCode);
    }
}
