namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Debian's python3-grpcio against the hub's grpc.health.v1, as load balancers and Kubernetes probes ask (tests/interop/grpc/test_health.py).</summary>
[Collection(GrpcInteropCollection.Name)]
public sealed class HealthInteropTests
{
    private const string Module = "test_health";
    private const string TestClass = "HealthTests";
    private readonly GrpcInteropFixture _fixture;

    public HealthInteropTests(GrpcInteropFixture fixture) => _fixture = fixture;

    public static TheoryData<string> Cases => PythonCases.Of(Module, TestClass);

    [Theory]
    [MemberData(nameof(Cases))]
    public Task PythonClient_Passes(string testCase) => _fixture.RunPythonCaseAsync(Module, TestClass, testCase);
}
