using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>A hub holding <c>fs-corrupt:v1</c>, one 1 MiB file in sixteen 64 KiB blocks, the ninth corrupted on disk.</summary>
public sealed class CorruptBlockFixture : IAsyncLifetime
{
    public const int BlockSize = 64 * 1024;
    public const int Blocks = 16;
    public const int CorruptBlock = 8;
    private readonly TempDirectory _temp = new();
    private HubHost? _hub;

    public byte[] Data { get; } = TreeBuilder.RandomBytes(Blocks * BlockSize, 77);

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubHost.StartAsync().WaitAsync(FileServerFixture.Timeout);
        Http = new HttpClient { BaseAddress = _hub.Url, Timeout = FileServerFixture.Timeout };
        var source = _temp.Combine("src");
        TreeBuilder.WriteFile(source, "data.bin", Data);
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "fs-corrupt:v1", "--chunking", "fixed", "--block-size", "64KiB", source).WaitAsync(FileServerFixture.Timeout)).AssertSuccess();

        var manifest = JsonDocument.Parse(await Http.GetStringAsync(new Uri("/api/v1/datasets/fs-corrupt/-/manifests/v1", UriKind.Relative)));
        var blocks = manifest.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(Blocks, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(BlockSize, b.GetProperty("size").GetInt32()));

        // The stored payload is a 12-byte header, then the body: flip one bit of the body, inside its pack.
        var signature = blocks[CorruptBlock].GetProperty("sig").GetString()!;
        await HubStorage.CorruptBlockAsync(_hub.StoragePath, signature, 12 + 1000).WaitAsync(FileServerFixture.Timeout);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync().AsTask().WaitAsync(FileServerFixture.Timeout);
        }

        _temp.Dispose();
    }
}
