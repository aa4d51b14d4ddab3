using System.Diagnostics;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

public sealed class ExtractionDirectoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Dispose_RemovesTheFolder()
    {
        var extraction = ExtractionDirectory.Create(_temp.Path);
        File.WriteAllText(Path.Join(extraction.Tree, "a"), "a");

        extraction.Dispose();

        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void RemoveStale_RemovesTheFolderOfADeadProcess_AndKeepsOnesInUse()
    {
        using var live = ExtractionDirectory.Create(_temp.Path);
        using var exited = Process.Start(new ProcessStartInfo("true"))!;
        exited.WaitForExit();
        var dead = Path.Join(_temp.Path, $"aetherfs-push-{exited.Id}-00000000000000000000000000000000");
        Directory.CreateDirectory(Path.Join(dead, "tree"));
        File.WriteAllText(Path.Join(dead, "owner.lock"), string.Empty);
        var unrelated = Path.Join(_temp.Path, "someone-else");
        Directory.CreateDirectory(unrelated);

        var removed = ExtractionDirectory.RemoveStale(_temp.Path);

        Assert.Equal([dead], removed);
        Assert.True(Directory.Exists(live.Path));
        Assert.True(Directory.Exists(unrelated));
    }

    [Fact]
    public void RemoveStale_RemovesAnOldUnlockedFolderOfAReusedProcessId()
    {
        // This very process's id, as when a dead push's id was given to a new process: the unheld lock tells.
        var reused = Path.Join(_temp.Path, $"aetherfs-push-{Environment.ProcessId}-00000000000000000000000000000000");
        Directory.CreateDirectory(Path.Join(reused, "tree"));
        File.WriteAllText(Path.Join(reused, "owner.lock"), string.Empty);
        var later = new FixedTime(DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Empty(ExtractionDirectory.RemoveStale(_temp.Path));
        Assert.Equal([reused], ExtractionDirectory.RemoveStale(_temp.Path, later));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
