namespace AetherFS.IntegrationTests.Grpc;

/// <summary>Where the interop tests find the repository's .proto contracts and the Python test code.</summary>
public static class InteropPaths
{
    /// <summary>Debian's interpreter: the one that sees python3-grpcio, python3-grpc-tools and python3-protobuf.</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static string Protos => Path.Join(Root.Value, "proto");

    public static string PythonTests => Path.Join(Root.Value, "tests", "interop", "grpc");

    // The tests run from bin/; the sources they need are not copied there, so look upwards for the solution.
    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Join(directory.FullName, "AetherFS.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no AetherFS.slnx above {AppContext.BaseDirectory}");
    }
}
