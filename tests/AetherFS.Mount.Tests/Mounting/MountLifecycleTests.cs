using System.Text;
using AetherFS.Mount.Tests.Trees;

namespace AetherFS.Mount.Tests.Mounting;

/// <summary>Mounts that start, fail, change and end: each test owns its mount and unmounts it in finally.</summary>
public sealed class MountLifecycleTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task UnmountAsync_LeavesNoMountBehind()
    {
        var directory = NewMountPoint();
        var mount = FuseMount.Start(SampleTree.Build(asynchronousReads: false), directory);
        try
        {
            Assert.True(Tool.IsMounted(directory));
            Assert.Equal("hello, world\n", await File.ReadAllTextAsync(Path.Join(directory, "hello.txt")));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(Bound);
        }

        Assert.True(mount.Completion.IsCompletedSuccessfully);
        Assert.False(Tool.IsMounted(directory));
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public async Task FusermountFromOutside_EndsTheMount()
    {
        var directory = NewMountPoint();
        var mount = FuseMount.Start(SampleTree.Build(asynchronousReads: false), directory);
        try
        {
            var (exitCode, _, error) = await Tool.RunAsync("fusermount3", "-u", directory);
            Assert.True(exitCode == 0, error);

            await mount.Completion.WaitAsync(Bound);
            Assert.False(Tool.IsMounted(directory));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(Bound);
        }
    }

    [Fact]
    public void Start_OnANonEmptyDirectory_RefusesAndMountsNothing()
    {
        var directory = NewMountPoint();
        File.WriteAllText(Path.Join(directory, "keep.txt"), "mine");

        var error = Assert.Throws<IOException>(() => FuseMount.Start(SampleTree.Build(asynchronousReads: false), directory));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.False(Tool.IsMounted(directory));
        Assert.Equal("mine", File.ReadAllText(Path.Join(directory, "keep.txt")));
    }

    [Fact]
    public async Task Read_WhenTheTreeThrows_FailsWithEioAndTheMountKeepsServing()
    {
        var tree = new InMemoryTree(SampleTree.Time) { AsynchronousReads = true };
        tree.AddFile("broken.bin", new FileBytes(4096, (_, _) => throw new InvalidDataException("a corrupt block")), (UnixFileMode)0x1A4, SampleTree.Time);
        tree.AddFile("fine.txt", Encoding.UTF8.GetBytes("fine"), (UnixFileMode)0x1A4, SampleTree.Time);
        var directory = NewMountPoint();
        var mount = FuseMount.Start(tree, directory);
        try
        {
            const string script = """
                import errno, sys
                try:
                    open(sys.argv[1], 'rb').read()
                    print('read')
                except OSError as e:
                    print(errno.errorcode[e.errno])
                """;
            Assert.Equal("EIO", await Tool.PythonAsync(script, Path.Join(directory, "broken.bin")));
            Assert.Equal("fine", await File.ReadAllTextAsync(Path.Join(directory, "fine.txt")));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task InvalidateEntry_MakesTheKernelAskTheTreeAgain()
    {
        var tree = SampleTree.Build(asynchronousReads: false);
        var directory = NewMountPoint();
        var mount = FuseMount.Start(tree, directory);
        try
        {
            var path = Path.Join(directory, "hello.txt");
            Assert.True(File.Exists(path));
            tree.Remove("hello.txt");
            // The name is cached for an hour: without a notification the kernel keeps showing it.
            Assert.True(File.Exists(path));

            Assert.True(mount.InvalidateEntry(AetherFS.Mount.Trees.IReadOnlyTree.RootInode, "hello.txt"));

            Assert.False(File.Exists(path));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(Bound);
        }
    }

    [Fact]
    public async Task InvalidateInode_DropsCachedAttributesAndPages()
    {
        var tree = SampleTree.Build(asynchronousReads: false);
        var directory = NewMountPoint();
        var mount = FuseMount.Start(tree, directory);
        try
        {
            var path = Path.Join(directory, "hello.txt");
            Assert.Equal("hello, world\n", await File.ReadAllTextAsync(path));
            tree.ReplaceFile("hello.txt", Encoding.UTF8.GetBytes("a new version\n"));
            // Attributes are cached for an hour and pages kept across opens: the old bytes still show.
            Assert.Equal("hello, world\n", await File.ReadAllTextAsync(path));

            Assert.True(mount.InvalidateInode(tree.NodeAt("hello.txt").Inode));

            Assert.Equal("a new version\n", await File.ReadAllTextAsync(path));
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(Bound);
        }
    }

    public void Dispose() => _temp.Dispose();

    private string NewMountPoint() => Directory.CreateDirectory(_temp.Combine("mnt-" + Guid.NewGuid().ToString("N")[..8])).FullName;
}
