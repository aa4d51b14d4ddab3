using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>Push and pull through a hub on S3 (s3rver).</summary>
public sealed class S3PushPullTests : PushPullTests, IClassFixture<S3HubFixture>
{
    public S3PushPullTests(S3HubFixture fixture)
        : base(fixture.Hub)
    {
    }
}
