using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>A real hub holding <see cref="ProbeDataset"/>, its OpenAPI document, and the routes its build maps.</summary>
public sealed class OpenApiHubFixture : IAsyncLifetime
{
    private HubHost? _hub;

    public HubHost Hub => _hub ?? throw new InvalidOperationException("hub not started");

    public HttpClient Http { get; private set; } = null!;

    public ApiDescription Document { get; private set; } = null!;

    public ProbeDataset Dataset { get; private set; } = null!;

    public HubRoutes Routes { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        _hub = await HubHost.StartAsync();
        Http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromSeconds(30) };
        Document = await ApiDescription.FetchAsync(Http, timeout.Token);
        Dataset = await ProbeDataset.PublishAsync(Http, timeout.Token);
        Routes = await HubRoutes.GetAsync().WaitAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}
