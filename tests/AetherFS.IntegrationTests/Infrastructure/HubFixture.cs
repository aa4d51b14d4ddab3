namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>One hub shared by the tests of a class; tests use distinct dataset names.</summary>
public sealed class HubFixture : IAsyncLifetime
{
    private HubHost? _hub;

    public HubHost Hub => _hub ?? throw new InvalidOperationException("hub not started");

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
