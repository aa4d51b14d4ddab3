namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Debian's python3-grpcio against real hubs, gRPC server reflection, v1alpha and v1 (tests/interop/grpc/test_reflection.py).</summary>
[Collection(GrpcInteropCollection.Name)]
public sealed class ReflectionInteropTests
{
    private const string Module = "test_reflection";
    private const string TestClass = "ReflectionTests";
    private readonly GrpcInteropFixture _fixture;

    public ReflectionInteropTests(GrpcInteropFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Cases => PythonCases.Of(Module, TestClass);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PythonClient_Passes(string testCase) => _fixture.RunPythonCaseAsync(Module, TestClass, testCase);
}
