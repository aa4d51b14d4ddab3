using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Api;

/// <summary>A hub with the smallest gRPC message limit, holding a 3,000-file dataset pushed once for all the tests.</summary>
public sealed class SmallMessageLimitFixture : IAsyncLifetime
{
    public const int Files = 3000;
    public const int Limit = 64 * 1024;
    private readonly TempDirectory _work = new();

    public HubHost Hub { get; private set; } = null!;

    public string Source => _work.Combine("many");

    public string Digest { get; private set; } = null!;

    public string Combine(string name) => _work.Combine(name);

    public async Task InitializeAsync()
    {
        Hub = await HubHost.StartAsync(options: ["--grpc-max-message-size", "64KiB"]);
        for (var i = 0; i < Files; i++)
        {
            TreeBuilder.WriteFile(Source, $"dir-{i % 30:D2}/file-{i:D5}.txt", System.Text.Encoding.UTF8.GetBytes($"file {i}\n"));
        }

        var push = (await Infrastructure.Cli.RunAsync(Hub.Environment(), "push", Source, "-t", "many:v1", "--json")).AssertSuccess().Json();
        Digest = push.GetProperty("digest").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        _work.Dispose();
    }
}
