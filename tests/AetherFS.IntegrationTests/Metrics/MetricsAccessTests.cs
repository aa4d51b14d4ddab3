using System.Net;
using AetherFS.Hub.Security;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.IntegrationTests.Security;

namespace AetherFS.IntegrationTests.Metrics;

/// <summary>
/// On a hub with access control, <c>/metrics</c> (traffic and storage of every dataset) is an admin's: Prometheus
/// scrapes it with an admin's token. Without access control the hub is open, /metrics too.
/// </summary>
public sealed class MetricsAccessTests : IAsyncLifetime
{
    private static readonly string Hash = PasswordHash.Create(AuthHubFixture.Password, PasswordHash.MinIterations);
    private readonly TempDirectory _work = new();
    private HubHost _hub = null!;

    public async Task InitializeAsync()
    {
        var config = _work.Combine("auth.yaml");
        await File.WriteAllTextAsync(config, $$"""
            users:
              alice: "{{Hash}}"
              bob: "{{Hash}}"
            admins: [alice]
            """);
        _hub = await HubHost.StartAsync(options: ["--auth-config", config]);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _work.Dispose();
    }

    [Fact]
    public async Task Metrics_OnAHubWithAccessControl_AreForAdminsOnly()
    {
        using var http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromSeconds(10) };
        var metrics = new Uri("/metrics", UriKind.Relative);

        using var anonymous = await http.GetAsync(metrics);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var asBob = new HttpRequestMessage(HttpMethod.Get, metrics) { Headers = { Authorization = AuthHubFixture.Basic("bob") } };
        using var bob = await http.SendAsync(asBob);
        Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);

        var scrape = await PrometheusText.ScrapeAsync(_hub.Url, AuthHubFixture.Basic("alice"));
        Assert.True(scrape.Has("aetherfs_hub_requests_total", ("interface", "rest"), ("outcome", "4xx")));
        Assert.Equal(1, scrape.Sum("aetherfs_hub_build_info"));
    }
}
