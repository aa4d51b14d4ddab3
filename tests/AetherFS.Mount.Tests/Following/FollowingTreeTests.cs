using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;
using AetherFS.Mount.Datasets;
using AetherFS.Mount.Following;
using AetherFS.Mount.Trees;
using AetherFS.Serving.Versions;

namespace AetherFS.Mount.Tests.Following;

/// <summary>
/// How a followed tag's versions share inodes: only metadata is asked here, so the hub client is never called.
/// </summary>
public sealed class FollowingTreeTests : IDisposable
{
    private static readonly DateTime Modified = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly HubClient _hub = new(new Uri("http://127.0.0.1:9/"));

    public void Dispose() => _hub.Dispose();

    [Fact]
    public void Advance_KeepsUnchangedInodes_GivesChangedAndAddedNewOnes_AndNamesWhatTheKernelMustForget()
    {
        var tree = Follow(Version("v1", ("dir/kept", "a"), ("dir/rewritten", "b"), ("removed", "c")));
        var dir = tree.Lookup(IReadOnlyTree.RootInode, "dir")!;
        var kept = tree.Lookup(dir.Inode, "kept")!;
        var rewritten = tree.Lookup(dir.Inode, "rewritten")!;
        var removed = tree.Lookup(IReadOnlyTree.RootInode, "removed")!;

        // Same size, mode and mtime: only the block differs.
        var changes = tree.Advance(Version("v2", ("dir/kept", "a"), ("dir/rewritten", "B"), ("added", "d")));

        Assert.Equal(dir.Inode, tree.Lookup(IReadOnlyTree.RootInode, "dir")!.Inode);
        Assert.Equal(kept.Inode, tree.Lookup(dir.Inode, "kept")!.Inode);
        var newRewritten = tree.Lookup(dir.Inode, "rewritten")!;
        Assert.NotEqual(rewritten.Inode, newRewritten.Inode);
        var added = tree.Lookup(IReadOnlyTree.RootInode, "added")!;
        Assert.DoesNotContain(added.Inode, new[] { dir.Inode, kept.Inode, rewritten.Inode, removed.Inode });
        Assert.Null(tree.Lookup(IReadOnlyTree.RootInode, "removed"));
        // Inodes handed out before stay answerable, for files still open.
        Assert.Equal(rewritten, tree.Find(rewritten.Inode));
        Assert.Equal(["added", "dir"], tree.List(IReadOnlyTree.RootInode, 0).Select(e => e.Name).Order(StringComparer.Ordinal));

        Assert.Equal(
            new[] { (IReadOnlyTree.RootInode, "added"), (IReadOnlyTree.RootInode, "removed"), (dir.Inode, "rewritten") },
            changes.Entries.Order());
        Assert.Equal(new[] { IReadOnlyTree.RootInode, dir.Inode }, changes.Inodes.Order());
    }

    [Fact]
    public void AnEarlierVersionsChangedFiles_StayFoundOnlyWhileWithinTheKeptPreviousVersions()
    {
        var tree = Follow(Version("v0", ("file", "0")));
        var first = tree.Lookup(IReadOnlyTree.RootInode, "file")!;
        for (var i = 1; i <= FollowingTree.KeptPreviousVersions; i++)
        {
            tree.Advance(Version("v" + i, ("file", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            Assert.Equal(first, tree.Find(first.Inode));
        }

        tree.Advance(Version("last", ("file", "last")));

        Assert.Null(tree.Find(first.Inode));
        Assert.NotNull(tree.Lookup(IReadOnlyTree.RootInode, "file"));
    }

    [Fact]
    public void SameDigestAgain_ChangesNothing()
    {
        var tree = Follow(Version("v1", ("file", "a")));
        Assert.True(tree.Advance(Version("v1", ("file", "a"))).IsEmpty);
    }

    private FollowingTree Follow(ManifestIndex first)
    {
        var fetcher = new BlockFetcher(_hub, cache: null);
        return new FollowingTree(first, index => new DatasetTree(index, fetcher));
    }

    // One block of 100 bytes per file, named by its content label: the same label is the same bytes.
    private static ManifestIndex Version(string digest, params (string Path, string Content)[] files)
    {
        var entries = files.Select(f => new ManifestEntry(f.Path, EntryType.File, 100, 0b110_100_100, Modified)).ToList();
        var blocks = files.Select(f => new BlockRef(f.Content.PadLeft(64, '0'), 100)).ToList();
        return new ManifestIndex(digest, new Manifest(new ChunkingParameters(ChunkingParameters.Fixed, 100, 100, 100), entries, blocks));
    }
}
