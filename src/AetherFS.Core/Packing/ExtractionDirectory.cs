using System.Diagnostics;
using System.Globalization;

namespace AetherFS.Core.Packing;

/// <summary>
/// The temp folder an archive is extracted into, named <c>aetherfs-push-PID-RANDOM</c> and owned through a lock on
/// its <c>owner.lock</c> file for as long as the push runs. A push killed with its folder still there (kill -9, power
/// loss) cannot remove it; the next push does, see <see cref="RemoveStale"/>.
/// </summary>
public sealed class ExtractionDirectory : IDisposable
{
    private const string Prefix = "aetherfs-push-";
    private const string LockName = "owner.lock";

    // A folder is only ever without its lock, or with it not yet locked, for the moments between its creation and
    // the lock's: one this young may belong to a push that is starting.
    private static readonly TimeSpan StartingGrace = TimeSpan.FromMinutes(1);

    private readonly FileStream _lock;

    private ExtractionDirectory(string path, FileStream ownerLock)
    {
        Path = path;
        _lock = ownerLock;
    }

    /// <summary>The folder itself (its lock file is in it).</summary>
    public string Path { get; }

    /// <summary>Where the archive's tree goes, beside the lock file so the lock is never part of the dataset.</summary>
    public string Tree => System.IO.Path.Join(Path, "tree");

    /// <summary>Creates and locks a new extraction folder under <paramref name="tempRoot"/>.</summary>
    public static ExtractionDirectory Create(string tempRoot)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
        var path = System.IO.Path.Join(tempRoot, name);
        Directory.CreateDirectory(path);

        // FileShare.None takes an exclusive advisory lock (flock) that the kernel drops when the process dies.
        var ownerLock = new FileStream(System.IO.Path.Join(path, LockName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        Directory.CreateDirectory(System.IO.Path.Join(path, "tree"));
        return new ExtractionDirectory(path, ownerLock);
    }

    /// <summary>
    /// Removes the extraction folders under <paramref name="tempRoot"/> whose push is gone: its process no longer
    /// runs, or nobody holds its lock (the process id was reused) and it is not a push starting right now.
    /// </summary>
    /// <returns>The folders removed.</returns>
    public static IReadOnlyList<string> RemoveStale(string tempRoot, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var removed = new List<string>();
        if (!Directory.Exists(tempRoot))
        {
            return removed;
        }

        foreach (var folder in Directory.EnumerateDirectories(tempRoot, Prefix + "*"))
        {
            try
            {
                if (IsStale(folder, now))
                {
                    Directory.Delete(folder, recursive: true);
                    removed.Add(folder);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another user's folder, or one going away as we look: not ours to insist on.
            }
        }

        return removed;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private static bool IsStale(string folder, DateTime now)
    {
        var name = System.IO.Path.GetFileName(folder);
        var pidText = name[Prefix.Length..].Split('-')[0];
        if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != Environment.ProcessId && !IsRunning(pid))
        {
            return true;
        }

        if (now - Directory.GetCreationTimeUtc(folder) < StartingGrace || now - Directory.GetLastWriteTimeUtc(folder) < StartingGrace)
        {
            return false;
        }

        var lockPath = System.IO.Path.Join(folder, LockName);
        if (!File.Exists(lockPath))
        {
            return true;
        }

        try
        {
            using var probe = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
