namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Debian's python3-grpcio against real hubs, the gRPC protocol around the services: compression, unknown methods, status messages, message limits, TLS (tests/interop/grpc/test_protocol.py).</summary>
[Collection(GrpcInteropCollection.Name)]
public sealed class ProtocolInteropTests
{
    private const string Module = "test_protocol";
    private const string TestClass = "ProtocolTests";
    private readonly GrpcInteropFixture _fixture;

    public ProtocolInteropTests(GrpcInteropFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Cases => PythonCases.Of(Module, TestClass);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PythonClient_Passes(string testCase) => _fixture.RunPythonCaseAsync(Module, TestClass, testCase);
}
