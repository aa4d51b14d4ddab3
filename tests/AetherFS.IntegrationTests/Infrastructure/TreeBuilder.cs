namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Builds source trees for tests with deterministic pseudo-random contents.</summary>
public static class TreeBuilder
{
    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static void WriteFile(string root, string relativePath, byte[] content, UnixFileMode? mode = null, DateTime? modified = null)
    {
        var path = Path.Join(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        if (mode is not null)
        {
            File.SetUnixFileMode(path, mode.Value);
        }

        if (modified is not null)
        {
            File.SetLastWriteTimeUtc(path, modified.Value);
        }
    }

    /// <summary>Nested dirs, empty files and dirs, binary and unicode names, odd modes, a symlink.</summary>
    public static void CreateRichTree(string root)
    {
        var when = new DateTime(2021, 10, 5, 12, 30, 15, DateTimeKind.Utc).AddTicks(1234567);
        WriteFile(root, "README.md", "# Demo\n"u8.ToArray(), modified: when);
        WriteFile(root, "data/geo/cities.csv", RandomBytes(150_000, 1), modified: when);
        WriteFile(root, "data/geo/deep/er/still/leaf.bin", RandomBytes(70_000, 2));
        WriteFile(root, "data/empty.txt", []);
        WriteFile(root, "bin/run.sh", "#!/bin/sh\necho hi\n"u8.ToArray(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        WriteFile(root, "secret.key", RandomBytes(32, 3), UnixFileMode.UserRead);
        WriteFile(root, "ünïcødé/日本語 ファイル.txt", "こんにちは"u8.ToArray());
        WriteFile(root, "spaces in name/and 'quotes'.txt", "q"u8.ToArray());
        Directory.CreateDirectory(Path.Join(root, "empty-dir/nested-empty"));
        File.CreateSymbolicLink(Path.Join(root, "latest.csv"), "data/geo/cities.csv");
        Directory.SetLastWriteTimeUtc(Path.Join(root, "data/geo"), when);
    }
}
