namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Debian's python3-grpcio against real hubs, aetherfs.dataset.v1.DatasetAPI, every RPC, its paging and its errors (tests/interop/grpc/test_dataset_api.py).</summary>
[Collection(GrpcInteropCollection.Name)]
public sealed class DatasetApiInteropTests
{
    private const string Module = "test_dataset_api";
    private const string TestClass = "DatasetApiTests";
    private readonly GrpcInteropFixture _fixture;

    public DatasetApiInteropTests(GrpcInteropFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Cases => PythonCases.Of(Module, TestClass);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PythonClient_Passes(string testCase) => _fixture.RunPythonCaseAsync(Module, TestClass, testCase);
}
