using AetherFS.Client.Pull;

namespace AetherFS.Client.Tests.Pull;

public sealed class DestinationSwapTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("aetherfs-swap-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Replace_MovesStagingIntoPlaceWhenDestinationIsMissing()
    {
        var staging = MakeTree("staging", "new");
        var destination = Path.Join(_root, "dest");

        DestinationSwap.Replace(staging, destination);

        Assert.Equal("new", File.ReadAllText(Path.Join(destination, "file")));
        Assert.False(Directory.Exists(staging));
    }

    [Fact]
    public void Replace_SwapsAnExistingDestinationAndRemovesTheOldTree()
    {
        var staging = MakeTree("staging", "new");
        var destination = MakeTree("dest", "old");

        DestinationSwap.Replace(staging, destination);

        Assert.Equal("new", File.ReadAllText(Path.Join(destination, "file")));
        Assert.False(Directory.Exists(staging));
        Assert.Single(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Replace_WithoutAnExchange_SwapsAndRemovesTheOldTree()
    {
        var staging = MakeTree("staging", "new");
        var destination = MakeTree("dest", "old");

        DestinationSwap.Replace(staging, destination, exchange: (_, _) => false);

        Assert.Equal("new", File.ReadAllText(Path.Join(destination, "file")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_root));
    }

    [Fact]
    public void Replace_WhenTheNewTreeCannotBeMovedIn_PutsTheOldTreeBack()
    {
        var destination = MakeTree("dest", "old");
        var missingStaging = Path.Join(_root, "staging-that-vanished");

        Assert.ThrowsAny<IOException>(() => DestinationSwap.Replace(missingStaging, destination, exchange: (_, _) => false));

        Assert.Equal("old", File.ReadAllText(Path.Join(destination, "file")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_root));
    }

    private string MakeTree(string name, string content)
    {
        var path = Path.Join(_root, name);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Join(path, "file"), content);
        return path;
    }
}
