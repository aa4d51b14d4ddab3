using System.Text;
using AetherFS.Mount.Tests.Trees;

namespace AetherFS.Mount.Tests.Mounting;

/// <summary>The tree the mount tests serve: every kind of node, odd modes and times, a directory needing several readdirs, a 5 GiB file.</summary>
internal static class SampleTree
{
    public static readonly DateTimeOffset Time = new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1_234_567);

    public static InMemoryTree Build(bool asynchronousReads)
    {
        var tree = new InMemoryTree(Time) { AsynchronousReads = asynchronousReads };
        tree.AddFile("hello.txt", Encoding.UTF8.GetBytes("hello, world\n"), (UnixFileMode)0x1A4, Time.AddDays(-1));
        tree.AddFile("empty", [], (UnixFileMode)0x180, Time.AddYears(-60));
        tree.AddDirectory("bin", (UnixFileMode)0x1ED, Time);
        tree.AddFile("bin/run.sh", Encoding.UTF8.GetBytes("#!/bin/sh\necho ran from the mount\n"), (UnixFileMode)0x1ED, Time);
        tree.AddDirectory("docs", (UnixFileMode)0x1E8, Time.AddSeconds(3));
        tree.AddDirectory("docs/empty dir", (UnixFileMode)0x1C0, Time.AddSeconds(4));
        tree.AddDirectory("docs/nested", (UnixFileMode)0x1ED, Time);
        tree.AddFile("docs/nested/deep.bin", Random(1000, seed: 7), (UnixFileMode)0x124, Time.AddMinutes(5));
        tree.AddFile("docs/nested/ünïcødé.txt", Encoding.UTF8.GetBytes("ü\n"), (UnixFileMode)0x1A4, Time);
        tree.AddSymlink("link", "hello.txt", Time.AddHours(1));
        tree.AddSymlink("docs/dangling", "../missing", Time);
        tree.AddFile("big.bin", FileBytes.SparsePattern(MountedTreeFixture.BigFileLength), (UnixFileMode)0x1A4, Time);
        tree.AddDirectory("many", (UnixFileMode)0x1ED, Time);
        for (var i = 0; i < 400; i++)
        {
            tree.AddFile($"many/file-with-a-longish-name-{i:D4}", Encoding.UTF8.GetBytes(i.ToString()), (UnixFileMode)0x1A4, Time);
        }
        return tree;
    }

    private static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
