namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>One hub on S3 (its own s3rver and bucket) shared by the tests of a class; tests use distinct dataset names.</summary>
public sealed class S3HubFixture : IAsyncLifetime
{
    private S3rverProcess? _server;
    private HubHost? _hub;

    public HubHost Hub => _hub ?? throw new InvalidOperationException("hub not started");

    public S3rverProcess Server => _server ?? throw new InvalidOperationException("s3rver not started");

    public async Task InitializeAsync()
    {
        _server = await S3rverProcess.StartAsync();
        _hub = await HubHost.StartAsync(options: S3HubOptions.For(_server, "hub"));
    }

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
