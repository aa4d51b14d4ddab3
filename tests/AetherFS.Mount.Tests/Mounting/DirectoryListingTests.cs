using AetherFS.Mount.Tests.Trees;

namespace AetherFS.Mount.Tests.Mounting;

/// <summary>
/// Listings carry every entry's attributes (readdirplus), so <c>ls -l</c> and <c>ls -lR</c> of a dataset cost one
/// request per page of entries instead of one lookup per entry: what keeps <c>ls -lR</c> of 100,000 files fast.
/// </summary>
public sealed class DirectoryListingTests : IDisposable
{
    private const int Files = 500;
    private static readonly DateTimeOffset Modified = new(2026, 11, 30, 1, 2, 3, TimeSpan.Zero);

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task LsL_OfALargeDirectory_ShowsEveryEntryWithoutALookupPerEntry()
    {
        var tree = new InMemoryTree(Modified);
        for (var i = 0; i < Files; i++)
        {
            tree.AddFile($"file-{i:D4}.bin", new byte[i], (UnixFileMode)0x1A4, Modified.AddSeconds(i));
        }
        tree.AddDirectory("sub", (UnixFileMode)0x1ED, Modified);
        tree.AddSymlink("sub/link", "../file-0001.bin", Modified);
        var mount = FuseMount.Start(tree, Directory.CreateDirectory(_temp.Combine("mnt")).FullName);
        try
        {
            var (exitCode, output, error) = await Tool.RunAsync("ls", "-lR", "--time-style=+%s", mount.Directory);

            Assert.True(exitCode == 0, error);
            var lines = output.Split('\n');
            for (var i = 0; i < Files; i++)
            {
                // Size and mtime as modelled: the attributes came with the listing, not from a lookup.
                Assert.Contains(lines, line => line.StartsWith("-rw-r--r--", StringComparison.Ordinal)
                    && line.EndsWith($" {i} {Modified.AddSeconds(i).ToUnixTimeSeconds()} file-{i:D4}.bin", StringComparison.Ordinal));
            }
            Assert.Contains(lines, line => line.StartsWith("lrwxrwxrwx", StringComparison.Ordinal) && line.EndsWith("link -> ../file-0001.bin", StringComparison.Ordinal));
            Assert.True(tree.Lookups == 0, $"ls -lR of {Files + 2} entries made {tree.Lookups} lookups");
        }
        finally
        {
            await mount.UnmountAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }
}
