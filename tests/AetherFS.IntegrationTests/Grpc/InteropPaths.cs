using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Where the interop tests find the repository's .proto contracts and the Python test code.</summary>
public static class InteropPaths
{
    /// <summary>Debian's interpreter: the one that sees python3-grpcio, python3-grpc-tools and python3-protobuf.</summary>
    public const string Python = "/usr/bin/python3";

    public static string Protos => Path.Join(RepositoryPaths.Root, "proto");

    public static string PythonTests => Path.Join(RepositoryPaths.Root, "tests", "interop", "grpc");
}
