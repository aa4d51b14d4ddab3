namespace AetherFS.IntegrationTests.Grpc;

/// <summary>
/// The Python interop classes share one <see cref="GrpcInteropFixture"/> (three hubs, the samples, the stubs) and
/// so run one case at a time; every case that changes anything uses dataset names of its own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GrpcInteropCollection : ICollectionFixture<GrpcInteropFixture>
{
    public const string Name = "gRPC interop (python3-grpcio)";
}
