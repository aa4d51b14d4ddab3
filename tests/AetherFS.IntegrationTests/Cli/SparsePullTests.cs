using System.Diagnostics;
using System.Globalization;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Zeros are not written and repeated blocks are not downloaded twice.</summary>
public sealed class SparsePullTests : IClassFixture<HubFixture>, IDisposable
{
    private const int SparseSize = 64 * 1024 * 1024;
    private readonly HubHost _hub;
    private readonly TempDirectory _temp = new();

    public SparsePullTests(HubFixture fixture) => _hub = fixture.Hub;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Pull_OfAMostlyZeroFile_WritesItSparse_AndDownloadsTheZeroBlockOnce(bool noCache)
    {
        var source = _temp.Combine("sparse-src");
        Directory.CreateDirectory(source);
        var data = TreeBuilder.RandomBytes(8192, 4);
        using (var file = File.OpenHandle(Path.Join(source, "disk.img"), FileMode.CreateNew, FileAccess.Write))
        {
            RandomAccess.SetLength(file, SparseSize);
            RandomAccess.Write(file, data, 0);
            RandomAccess.Write(file, data, SparseSize / 2);
        }

        var name = noCache ? "sparse-nocache:v1" : "sparse:v1";
        var env = _hub.Environment();
        // Pushed from another cache: a push keeps the blocks it uploads in its own.
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", name, source)).AssertSuccess();
        var destination = _temp.Combine($"sparse-dst-{noCache}");
        string[] args = noCache ? ["pull", name, destination, "--json", "--no-cache"] : ["pull", name, destination, "--json"];

        var pull = (await Infrastructure.Cli.RunAsync(env, args)).AssertSuccess().Json();

        var pulled = Path.Join(destination, "disk.img");
        Assert.Equal(SparseSize, new FileInfo(pulled).Length);
        using (var written = File.OpenHandle(pulled))
        {
            var buffer = new byte[data.Length];
            RandomAccess.Read(written, buffer, SparseSize / 2);
            Assert.Equal(data, buffer);
        }

        Assert.InRange(await AllocatedBytesAsync(pulled), 0, 1024 * 1024);
        // The chunker cuts the zeros into a few distinct blocks repeated many times; each travels once.
        var inspect = (await Infrastructure.Cli.RunAsync(env, "inspect", name, "--json")).AssertSuccess().Json();
        Assert.True(inspect.GetProperty("blocks").GetInt32() > 2 * inspect.GetProperty("uniqueBlocks").GetInt32(), "the test needs repeated blocks");
        Assert.Equal(inspect.GetProperty("uniqueBlocks").GetInt32(), pull.GetProperty("blocksDownloaded").GetInt32());
    }

    [Fact]
    public async Task Pull_OfTwoIdenticalFiles_DownloadsTheirBlocksOnce()
    {
        var source = _temp.Combine("twins-src");
        var content = TreeBuilder.RandomBytes(3 * 1024 * 1024, 8);
        TreeBuilder.WriteFile(source, "a.bin", content);
        TreeBuilder.WriteFile(source, "z/b.bin", content);
        var env = _hub.Environment();
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "twins:v1", "--block-size", "1MiB", source)).AssertSuccess();

        var pull = (await Infrastructure.Cli.RunAsync(env, "pull", "twins:v1", _temp.Combine("twins-dst"), "--json", "--no-cache")).AssertSuccess().Json();

        Assert.Equal(6, pull.GetProperty("blocks").GetInt32());
        Assert.Equal(3, pull.GetProperty("blocksDownloaded").GetInt32());
        TreeAssert.Equal(source, _temp.Combine("twins-dst"));
    }

    // What du counts: the blocks the file system allocated.
    private static async Task<long> AllocatedBytesAsync(string path)
    {
        using var du = Process.Start(new ProcessStartInfo("du", ["--block-size=1", path]) { RedirectStandardOutput = true })!;
        var output = await du.StandardOutput.ReadToEndAsync();
        await du.WaitForExitAsync();
        return long.Parse(output.Split('\t')[0], CultureInfo.InvariantCulture);
    }
}
