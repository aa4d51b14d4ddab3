using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Storage;

/// <summary>Two hubs on one bucket of one s3rver, as two replicas behind a load balancer would run.</summary>
public sealed class TwoHubsFixture : IAsyncLifetime
{
    private S3rverProcess? _server;
    private HubHost? _a;
    private HubHost? _b;

    public HubHost A => _a ?? throw new InvalidOperationException("hub A not started");

    /// <summary>Runs with the default --tag-poll-interval, the delay the docs state.</summary>
    public HubHost B => _b ?? throw new InvalidOperationException("hub B not started");

    public async Task InitializeAsync()
    {
        _server = await S3rverProcess.StartAsync();
        _a = await HubHost.StartAsync(options: S3HubOptions.For(_server, "shared"));
        _b = await HubHost.StartAsync(options: S3HubOptions.For(_server, "shared"));
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in new IAsyncDisposable?[] { _a, _b, _server })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }
}
