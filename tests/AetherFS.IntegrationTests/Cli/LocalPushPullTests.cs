using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Push and pull through a hub on local disk.</summary>
public sealed class LocalPushPullTests : PushPullTests, IClassFixture<HubFixture>
{
    public LocalPushPullTests(HubFixture fixture)
        : base(fixture.Hub)
    {
    }
}
