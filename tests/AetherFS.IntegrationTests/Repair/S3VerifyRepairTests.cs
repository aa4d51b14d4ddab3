using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Repair;

/// <summary>Verify, quarantine and repair through a hub on S3 (s3rver): the quarantine lives in the bucket like any segment.</summary>
public sealed class S3VerifyRepairTests : IClassFixture<S3HubFixture>, IDisposable
{
    private readonly S3HubFixture _fixture;
    private readonly TempDirectory _temp = new();

    public S3VerifyRepairTests(S3HubFixture fixture) => _fixture = fixture;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Verify_ReportsACorruptBlock_AndPushingTheSameDataAgainRepairsIt()
    {
        await VerifyRepairTests.CorruptVerifyAndRepairAsync(
            _fixture.Hub,
            "s3-repair",
            signature => S3HubOptions.CorruptBlockAsync(_fixture.Server, "hub", signature, 12 + 500),
            _temp);
    }
}
