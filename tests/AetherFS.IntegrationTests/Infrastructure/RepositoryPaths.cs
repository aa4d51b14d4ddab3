namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Where the repository's sources are: the tests run from bin/, where only build output is.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The directory holding AetherFS.slnx.</summary>
    public static string Root => RootPath.Value;

    private static string FindRoot()
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
