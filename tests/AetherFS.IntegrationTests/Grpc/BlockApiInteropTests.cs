namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Debian's python3-grpcio against real hubs, aetherfs.block.v1.BlockAPI: lookups, FindMissing, streamed downloads and uploads (tests/interop/grpc/test_block_api.py).</summary>
[Collection(GrpcInteropCollection.Name)]
public sealed class BlockApiInteropTests
{
    private const string Module = "test_block_api";
    private const string TestClass = "BlockApiTests";
    private readonly GrpcInteropFixture _fixture;

    public BlockApiInteropTests(GrpcInteropFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Cases => PythonCases.Of(Module, TestClass);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PythonClient_Passes(string testCase) => _fixture.RunPythonCaseAsync(Module, TestClass, testCase);
}
