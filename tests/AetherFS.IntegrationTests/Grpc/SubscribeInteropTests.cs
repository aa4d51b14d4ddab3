namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Debian's python3-grpcio against real hubs, DatasetAPI.Subscribe: current state first, then changes, until a deadline or cancel (tests/interop/grpc/test_subscribe.py).</summary>
[Collection(GrpcInteropCollection.Name)]
public sealed class SubscribeInteropTests
{
    private const string Module = "test_subscribe";
    private const string TestClass = "SubscribeTests";
    private readonly GrpcInteropFixture _fixture;

    public SubscribeInteropTests(GrpcInteropFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Cases => PythonCases.Of(Module, TestClass);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PythonClient_Passes(string testCase) => _fixture.RunPythonCaseAsync(Module, TestClass, testCase);
}
