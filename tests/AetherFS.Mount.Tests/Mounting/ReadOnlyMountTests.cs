using System.Security.Cryptography;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Tests.Mounting;

/// <summary>A real kernel mount of the sample tree, looked at with the tools users use.</summary>
public sealed class ReadOnlyMountTests(MountedTreeFixture mounted) : IClassFixture<MountedTreeFixture>
{
    private const string WalkScript = """
        import os, stat, sys
        sys.stdout.reconfigure(encoding='utf-8')
        root = sys.argv[1]
        for directory, subdirectories, files in os.walk(root):
            for name in subdirectories + files:
                path = os.path.join(directory, name)
                s = os.lstat(path)
                kind = 'd' if stat.S_ISDIR(s.st_mode) else 'l' if stat.S_ISLNK(s.st_mode) else 'f' if stat.S_ISREG(s.st_mode) else '?'
                target = os.readlink(path) if kind == 'l' else ''
                print('|'.join([os.path.relpath(path, root), kind, oct(stat.S_IMODE(s.st_mode)), str(s.st_size), str(s.st_mtime_ns), target]))
        """;

    [Fact]
    public async Task Walk_ShowsEveryNodeWithItsTypeModeSizeMtimeAndTarget()
    {
        var expected = mounted.Tree.Nodes.Select(node => string.Join('|',
            node.Path,
            node.Node.Kind switch { NodeKind.Directory => "d", NodeKind.Symlink => "l", _ => "f" },
            "0o" + Convert.ToString((int)node.Node.Permissions, 8),
            node.Node.Size,
            (node.Node.ModifiedTime.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
            node.Node.SymlinkTarget ?? ""));

        var walked = (await Tool.PythonAsync(WalkScript, mounted.Directory)).Split('\n');

        Assert.Equal(expected.Order(StringComparer.Ordinal), walked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task LsLR_ListsEveryDirectoryIncludingEmptyOnesAndSymlinks()
    {
        var (exitCode, output, error) = await Tool.RunAsync("ls", "-lRa", mounted.Directory);

        Assert.True(exitCode == 0, error);
        Assert.Contains("link -> hello.txt", output, StringComparison.Ordinal);
        Assert.Contains("dangling -> ../missing", output, StringComparison.Ordinal);
        Assert.Contains($"{mounted.Directory}/docs/empty dir:", output, StringComparison.Ordinal);
        // 400 entries take several readdir replies: each resumes where the last stopped, none twice, none lost.
        Assert.Equal(400, output.Split('\n').Count(line => line.Contains("file-with-a-longish-name-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Files_ReadBackTheModelsBytes()
    {
        foreach (var (path, node) in mounted.Tree.Nodes.Where(n => n.Node.Kind == NodeKind.File && n.Node.Size < 1 << 20))
        {
            var bytes = await File.ReadAllBytesAsync(mounted.PathOf(path)).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(mounted.Tree.ContentOf(path).Read(0, (int)node.Size), bytes);
        }
    }

    [Fact]
    public void BigFile_RandomRangeReads_MatchTheModelBeyondFourGibibytes()
    {
        var model = mounted.Tree.ContentOf("big.bin");
        var random = new Random(42);
        using var handle = File.OpenHandle(mounted.PathOf("big.bin"));
        Assert.Equal(MountedTreeFixture.BigFileLength, RandomAccess.GetLength(handle));

        var ranges = Enumerable.Range(0, 200)
            .Select(_ => (Offset: random.NextInt64(MountedTreeFixture.BigFileLength), Count: random.Next(1, 1 << 20)))
            .Append((MountedTreeFixture.BigFileLength - 100, 4096))
            .Append((MountedTreeFixture.BigFileLength, 10));
        foreach (var (offset, count) in ranges)
        {
            Assert.Equal(model.Read(offset, count), ReadFully(handle, offset, count));
        }
    }

    [Fact]
    public async Task Writes_FailWithEROFS()
    {
        const string script = """
            import errno, os, sys
            root = sys.argv[1]
            def attempt(action):
                try:
                    action()
                    return 'succeeded'
                except OSError as e:
                    return errno.errorcode[e.errno]
            print(attempt(lambda: open(os.path.join(root, 'hello.txt'), 'a')),
                  attempt(lambda: open(os.path.join(root, 'new.txt'), 'w')),
                  attempt(lambda: os.mkdir(os.path.join(root, 'new-dir'))),
                  attempt(lambda: os.unlink(os.path.join(root, 'hello.txt'))),
                  attempt(lambda: os.rename(os.path.join(root, 'hello.txt'), os.path.join(root, 'moved.txt'))),
                  attempt(lambda: os.chmod(os.path.join(root, 'hello.txt'), 0o777)))
            """;

        Assert.Equal("EROFS EROFS EROFS EROFS EROFS EROFS", await Tool.PythonAsync(script, mounted.Directory));
        Assert.Equal("hello, world\n", await File.ReadAllTextAsync(mounted.PathOf("hello.txt")));
    }

    [Fact]
    public async Task Mmap_ReadsTheSameBytesAsTheModel()
    {
        const string script = """
            import hashlib, mmap, sys
            with open(sys.argv[1], 'rb') as small, open(sys.argv[2], 'rb') as big:
                whole = mmap.mmap(small.fileno(), 0, access=mmap.ACCESS_READ)
                large = mmap.mmap(big.fileno(), 0, access=mmap.ACCESS_READ)
                offset = int(sys.argv[3])
                print(hashlib.sha256(whole[:]).hexdigest(), hashlib.sha256(large[offset:offset + 65536]).hexdigest())
            """;
        const long offset = (4L << 30) + 12_345;

        var hashes = await Tool.PythonAsync(script, mounted.PathOf("docs/nested/deep.bin"), mounted.PathOf("big.bin"), offset.ToString());

        var expected = string.Join(' ',
            Sha256(mounted.Tree.ContentOf("docs/nested/deep.bin").Read(0, 1000)),
            Sha256(mounted.Tree.ContentOf("big.bin").Read(offset, 65536)));
        Assert.Equal(expected, hashes);
    }

    [Fact]
    public async Task Exec_RunsAScriptFromTheMount()
    {
        var (exitCode, output, error) = await Tool.RunAsync(mounted.PathOf("bin/run.sh"));

        Assert.True(exitCode == 0, error);
        Assert.Equal("ran from the mount\n", output);
    }

    [Fact]
    public void MountTable_ShowsAReadOnlyAetherfsMount()
    {
        var entry = File.ReadAllLines("/proc/self/mounts").Select(line => line.Split(' ')).Single(fields => fields[1] == mounted.Directory);

        Assert.Equal("aetherfs", entry[0]);
        Assert.Equal("fuse.aetherfs", entry[2]);
        Assert.Contains("ro", entry[3].Split(','));
    }

    [Fact]
    public async Task Statfs_AnswersForTheMount()
    {
        Assert.Equal("255", await Tool.PythonAsync("import os, sys; print(os.statvfs(sys.argv[1]).f_namemax)", mounted.Directory));
    }

    private static byte[] ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long offset, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = RandomAccess.Read(handle, buffer.AsSpan(filled), offset + filled);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        return buffer[..filled];
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
