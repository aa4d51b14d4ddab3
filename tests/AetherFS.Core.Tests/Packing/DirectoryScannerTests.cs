using System.Diagnostics;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class DirectoryScannerTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public DirectoryScannerTests()
    {
        _root = _temp.Combine("root");
        Directory.CreateDirectory(_root);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Scan_ListsEntriesInOrdinalOrder()
    {
        WriteFile("b", "b");
        WriteFile("B", "B");
        WriteFile("a-b", "x");
        Directory.CreateDirectory(Path.Join(_root, "a"));
        WriteFile("a/z", "z");
        WriteFile("a/c", "c");
        WriteFile(".hidden", "h");

        var paths = DirectoryScanner.Scan(_root).Select(e => e.Entry.Path).ToList();

        Assert.Equal([".hidden", "B", "a", "a-b", "a/c", "a/z", "b"], paths);
    }

    [Fact]
    public void Scan_RecordsFileSizesAndSourcePaths()
    {
        WriteFile("data.bin", "hello world");

        var entry = Assert.Single(DirectoryScanner.Scan(_root));

        Assert.Equal(EntryType.File, entry.Entry.Type);
        Assert.Equal(11, entry.Entry.Size);
        Assert.Equal(Path.Join(_root, "data.bin"), entry.SourcePath);
        Assert.Null(entry.Entry.Sha256);
    }

    [Fact]
    public void Scan_RecordsUnixModes()
    {
        WriteFile("exec", "x");
        WriteFile("secret", "s");
        Directory.CreateDirectory(Path.Join(_root, "d"));
        File.SetUnixFileMode(Path.Join(_root, "exec"), (UnixFileMode)0x1ED);
        File.SetUnixFileMode(Path.Join(_root, "secret"), (UnixFileMode)0x180);
        File.SetUnixFileMode(Path.Join(_root, "d"), (UnixFileMode)0x1C8);

        var modes = DirectoryScanner.Scan(_root).ToDictionary(e => e.Entry.Path, e => e.Entry.Mode);

        Assert.Equal(0x1C8, modes["d"]);
        Assert.Equal(0x1ED, modes["exec"]);
        Assert.Equal(0x180, modes["secret"]);
    }

    [Fact]
    public void Scan_RecordsModificationTimesWithSubSecondPrecision()
    {
        var fileTime = new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234567);
        var dirTime = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(7654321);
        WriteFile("f", "x");
        Directory.CreateDirectory(Path.Join(_root, "d"));
        File.SetLastWriteTimeUtc(Path.Join(_root, "f"), fileTime);
        Directory.SetLastWriteTimeUtc(Path.Join(_root, "d"), dirTime);

        var times = DirectoryScanner.Scan(_root).ToDictionary(e => e.Entry.Path, e => e.Entry.ModifiedAt);

        Assert.Equal(fileTime, times["f"]);
        Assert.Equal(dirTime, times["d"]);
    }

    [Fact]
    public void Scan_ListsEmptyDirectoriesAndEmptyFiles()
    {
        Directory.CreateDirectory(Path.Join(_root, "empty/nested"));
        WriteFile("zero", string.Empty);

        var entries = DirectoryScanner.Scan(_root).Select(e => (e.Entry.Path, e.Entry.Type, e.Entry.Size)).ToList();

        Assert.Equal(
            [("empty", EntryType.Directory, 0L), ("empty/nested", EntryType.Directory, 0L), ("zero", EntryType.File, 0L)],
            entries);
    }

    [Fact]
    public void Scan_RecordsSymlinksWithoutFollowingThem()
    {
        Directory.CreateDirectory(Path.Join(_root, "real"));
        WriteFile("real/file", "content");
        Directory.CreateSymbolicLink(Path.Join(_root, "dirlink"), "real");
        File.CreateSymbolicLink(Path.Join(_root, "real/filelink"), "file");
        File.CreateSymbolicLink(Path.Join(_root, "dangling"), "missing");

        var entries = DirectoryScanner.Scan(_root).ToDictionary(e => e.Entry.Path);

        Assert.Equal(["dangling", "dirlink", "real", "real/file", "real/filelink"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(EntryType.Symlink, entries["dirlink"].Entry.Type);
        Assert.Equal("real", entries["dirlink"].Entry.Target);
        Assert.Equal("file", entries["real/filelink"].Entry.Target);
        Assert.Equal("missing", entries["dangling"].Entry.Target);
        Assert.Null(entries["dirlink"].SourcePath);
        Assert.Equal(0, entries["real/filelink"].Entry.Size);
    }

    [Fact]
    public void Scan_AcceptsSymlinkClimbingToASibling()
    {
        Directory.CreateDirectory(Path.Join(_root, "a"));
        WriteFile("b", "b");
        File.CreateSymbolicLink(Path.Join(_root, "a/up"), "../b");

        Assert.Contains(DirectoryScanner.Scan(_root), e => e.Entry.Path == "a/up" && e.Entry.Target == "../b");
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/etc/passwd")]
    [InlineData("..")]
    [InlineData("../..")]
    [InlineData("../outside")]
    [InlineData("x/../../outside")]
    public void Scan_RefusesSymlinksPointingOutside(string target)
    {
        File.CreateSymbolicLink(Path.Join(_root, "escape"), target);

        var e = Assert.Throws<UnpushableEntriesException>(() => DirectoryScanner.Scan(_root));
        Assert.Contains("escape", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_RefusesNestedSymlinkClimbingAboveRoot()
    {
        Directory.CreateDirectory(Path.Join(_root, "a"));
        File.CreateSymbolicLink(Path.Join(_root, "a/escape"), "../../outside");

        Assert.Throws<UnpushableEntriesException>(() => DirectoryScanner.Scan(_root));
    }

    [Fact]
    public void Scan_RefusesFifos()
    {
        var fifo = Path.Join(_root, "pipe");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]))!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var e = Assert.Throws<UnpushableEntriesException>(() => DirectoryScanner.Scan(_root));
        Assert.Contains("pipe", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_ReportsEveryProblemAtOnce()
    {
        MakeFifo("pipe1");
        Directory.CreateDirectory(Path.Join(_root, "d"));
        MakeFifo("d/pipe2");
        WriteFile("a\\b", "x");
        File.CreateSymbolicLink(Path.Join(_root, "escape"), "/etc/passwd");

        var e = Assert.Throws<UnpushableEntriesException>(() => DirectoryScanner.Scan(_root));

        Assert.Equal(["a\\b", "d/pipe2", "escape", "pipe1"], e.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.False(e.AllSkippable);
    }

    [Fact]
    public void Scan_SkipsSpecialFilesWhenAsked_TellingOfEach()
    {
        WriteFile("data.csv", "data");
        MakeFifo("pipe");
        var skipped = new List<ScanProblem>();

        var entries = DirectoryScanner.Scan(_root, new ScanOptions { SpecialFiles = SpecialFilePolicy.Skip, Skipped = skipped.Add });

        Assert.Equal(["data.csv"], entries.Select(e => e.Entry.Path));
        Assert.Equal("'pipe' is a FIFO", Assert.Single(skipped).ToString());
    }

    [Fact]
    public void Scan_NeverSkipsASymlinkLeavingTheTree()
    {
        File.CreateSymbolicLink(Path.Join(_root, "escape"), "../outside");

        Assert.Throws<UnpushableEntriesException>(() => DirectoryScanner.Scan(_root, new ScanOptions { SpecialFiles = SpecialFilePolicy.Skip }));
    }

    [Fact]
    public void Scan_LeavesOutWhatExcludeAndTheIgnoreFileMatch_WithoutReadingExcludedDirectories()
    {
        foreach (var directory in new[] { "deep", "cache", "notes" })
        {
            Directory.CreateDirectory(Path.Join(_root, directory));
        }

        WriteFile("keep.csv", "k");
        WriteFile("a.log", "l");
        WriteFile("deep/b.log", "l");
        WriteFile("cache/x", "x");
        WriteFile("notes/keep.txt", "n");
        WriteFile(".aetherfsignore", "# comment\n*.log\ncache/\n");
        // Unreadable as a whole, were it read: an excluded directory is not even listed.
        MakeFifo("cache/pipe");

        var entries = DirectoryScanner.Scan(_root, new ScanOptions { Exclude = ["notes/"] });

        Assert.Equal([".aetherfsignore", "deep", "keep.csv"], entries.Select(e => e.Entry.Path));
    }

    [Fact]
    public void Scan_RefusesFileNamesWithBackslash()
    {
        WriteFile("a\\b", "x");

        Assert.Throws<UnpushableEntriesException>(() => DirectoryScanner.Scan(_root));
    }

    [Fact]
    public void Scan_RefusesAFileAsRoot()
    {
        WriteFile("f", "x");

        Assert.Throws<PackingException>(() => DirectoryScanner.Scan(Path.Join(_root, "f")));
    }

    [Fact]
    public void Scan_RefusesASymlinkAsRoot()
    {
        var link = _temp.Combine("rootlink");
        Directory.CreateSymbolicLink(link, _root);

        Assert.Throws<PackingException>(() => DirectoryScanner.Scan(link));
    }

    [Fact]
    public void Scan_OfEmptyDirectoryIsEmpty()
    {
        Assert.Empty(DirectoryScanner.Scan(_root));
    }

    private void WriteFile(string relative, string content) => File.WriteAllText(Path.Join(_root, relative), content);

    private void MakeFifo(string relative)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [Path.Join(_root, relative)]))!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
