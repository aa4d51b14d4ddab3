using System.Diagnostics;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// A real file system of a fixed size (tmpfs, mounted by the test process, which runs as root), so a test can fill it
/// and see what ENOSPC does; unmounted on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB (and at most <paramref name="inodes"/> files) at <paramref name="path"/>.</summary>
    public static TmpfsMount Create(string path, int megabytes, int? inodes = null)
    {
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m" + (inodes is { } n ? $",nr_inodes={n}" : string.Empty), "tmpfs", path);
        return new TmpfsMount(path);
    }

    /// <summary>Bytes still free on the file system.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes a file outside the hub's keys until the file system refuses more: storage full.</summary>
    public void Fill(string name = "filler.bin")
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(System.IO.Path.Join(Path, name), FileMode.Append, FileAccess.Write, FileShare.None, 0);
        try
        {
            while (true)
            {
                file.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full. Smaller writes take what the last 64 KiB could not.
        }

        try
        {
            while (true)
            {
                file.Write(chunk.AsSpan(0, 512));
            }
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Creates empty files outside the hub's keys until the file system has no inode left: not even an empty object fits.</summary>
    public void FillInodes()
    {
        var directory = System.IO.Path.Join(Path, "inode-filler");
        Directory.CreateDirectory(directory);
        try
        {
            for (var i = 0; ; i++)
            {
                File.Create(System.IO.Path.Join(directory, i.ToString(System.Globalization.CultureInfo.InvariantCulture))).Dispose();
            }
        }
        catch (IOException)
        {
            // ENOSPC: no inode left.
        }
    }

    public void Dispose() => Run("umount", "-l", Path);

    private static void Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        }
    }
}
