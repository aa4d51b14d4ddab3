using AetherFS.Client.Pull;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Tests.Pull;

public sealed class LocalChangesTests : IDisposable
{
    private static readonly DateTime Time = new DateTime(2023, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
    private readonly string _root = Directory.CreateTempSubdirectory("aetherfs-changes-").FullName;

    public LocalChangesTests()
    {
        Directory.CreateDirectory(Path.Join(_root, "sub"));
        File.WriteAllText(Path.Join(_root, "sub", "f.txt"), "12345");
        File.SetUnixFileMode(Path.Join(_root, "sub", "f.txt"), (UnixFileMode)0x1A4);
        File.SetLastWriteTimeUtc(Path.Join(_root, "sub", "f.txt"), Time);
        File.CreateSymbolicLink(Path.Join(_root, "link"), "sub/f.txt");
    }

    private static IReadOnlyList<ManifestEntry> Written =>
    [
        new ManifestEntry("link", EntryType.Symlink, 0, 0x1FF, Time, "sub/f.txt"),
        new ManifestEntry("sub/f.txt", EntryType.File, 5, 0x1A4, Time),
    ];

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Find_InWhatWasWritten_FindsNothing() =>
        Assert.Equal(0, LocalChanges.Find(_root, Written, 3).Count);

    [Fact]
    public void Find_AnEditKeepingTheSize_ByItsMtime()
    {
        File.WriteAllText(Path.Join(_root, "sub", "f.txt"), "54321");

        Assert.Equal(["sub/f.txt (modified)"], LocalChanges.Find(_root, Written, 3).First);
    }

    [Fact]
    public void Find_ARetargetedSymlink()
    {
        File.Delete(Path.Join(_root, "link"));
        File.CreateSymbolicLink(Path.Join(_root, "link"), "elsewhere");

        Assert.Equal(["link (modified)"], LocalChanges.Find(_root, Written, 3).First);
    }

    [Fact]
    public void Find_AddedAndDeletedEntries_AndCountsBeyondTheLimit()
    {
        File.Delete(Path.Join(_root, "sub", "f.txt"));
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllText(Path.Join(_root, $"new{i}"), "x");
        }

        var (first, count) = LocalChanges.Find(_root, Written, 3);

        Assert.Equal(5, count);
        Assert.Equal(["new0 (added)", "new1 (added)", "new2 (added)"], first);
    }
}
