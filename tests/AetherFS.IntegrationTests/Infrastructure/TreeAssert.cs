namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Compares two trees: the same paths, types, bytes, modes, mtimes and symlink targets.</summary>
public static class TreeAssert
{
    public static void Equal(string expectedRoot, string actualRoot)
    {
        var expected = Describe(expectedRoot);
        var actual = Describe(actualRoot);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, description) in expected)
        {
            Assert.True(description == actual[path], $"'{path}' differs:\n expected {description}\n actual   {actual[path]}");
        }
    }

    private static Dictionary<string, string> Describe(string root)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var path = Path.GetRelativePath(root, info.FullName);
            if (info.LinkTarget is { } target)
            {
                result[path] = $"symlink -> {target}";
            }
            else if (info is DirectoryInfo directory)
            {
                result[path] = $"dir {directory.UnixFileMode} {directory.LastWriteTimeUtc:O}";
            }
            else
            {
                var file = (FileInfo)info;
                var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file.FullName)));
                result[path] = $"file {file.Length} {file.UnixFileMode} {file.LastWriteTimeUtc:O} {hash}";
            }
        }

        return result;
    }
}
