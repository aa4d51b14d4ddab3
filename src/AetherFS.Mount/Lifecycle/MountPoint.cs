using System.Diagnostics;
using AetherFS.Mount.Interop;

namespace AetherFS.Mount.Lifecycle;

/// <summary>Checks a directory before it is mounted on, and detaches and unmounts aetherfs mounts through <c>fusermount3</c>.</summary>
public static class MountPoint
{
    /// <summary>The file system type an aetherfs mount shows in the mount table.</summary>
    public const string FileSystemType = "fuse.aetherfs";

    /// <summary>What <paramref name="directory"/> (a full path) is; never changes anything.</summary>
    public static MountPointState Inspect(string directory)
    {
        var type = MountTable.TypeAt(directory);
        if (type is not null)
        {
            // A dead FUSE server leaves its mount in the table, and every access to it fails with ENOTCONN.
            return type == FileSystemType && LibC.StatFsError(directory) == Errno.NotConnected ? MountPointState.Stale : MountPointState.AlreadyMounted;
        }

        if (File.Exists(directory))
        {
            return MountPointState.NotDirectory;
        }

        if (!Directory.Exists(directory))
        {
            return MountPointState.Missing;
        }

        return Directory.EnumerateFileSystemEntries(directory).Any() ? MountPointState.NotEmpty : MountPointState.Ready;
    }

    /// <summary>
    /// Makes <paramref name="directory"/> (a full path) ready to mount on: a mount left behind by a killed process is
    /// detached first (and told through <paramref name="log"/>). Null when ready, else why the directory is refused.
    /// </summary>
    /// <exception cref="IOException">A stale mount is there and cannot be cleared.</exception>
    public static async Task<string?> PrepareAsync(string directory, Action<string> log, CancellationToken cancellationToken)
    {
        var state = Inspect(directory);
        if (state == MountPointState.Stale)
        {
            if (await UnmountAsync(directory, lazy: true, cancellationToken) is { } error)
            {
                throw new IOException($"cannot clear the stale mount at {directory}: {error}");
            }

            log($"cleared a stale mount at {directory} (its process had ended without unmounting)");
            state = Inspect(directory);
        }

        return state switch
        {
            MountPointState.Missing => "no such directory",
            MountPointState.NotDirectory => "not a directory",
            MountPointState.NotEmpty => "the directory is not empty (a mount would hide its files)",
            MountPointState.AlreadyMounted => "something is already mounted there",
            MountPointState.Stale => "a stale mount is still there",
            _ => null,
        };
    }

    /// <summary>True when an aetherfs mount is at <paramref name="directory"/> (a full path), live or stale.</summary>
    public static bool IsAetherFsMount(string directory) => MountTable.TypeAt(directory) == FileSystemType;

    /// <summary>Runs <c>fusermount3 -u</c> (with <c>-z</c> when <paramref name="lazy"/>): null on success, else what it said.</summary>
    /// <exception cref="IOException">fusermount3 cannot be started.</exception>
    public static async Task<string?> UnmountAsync(string directory, bool lazy, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("fusermount3") { RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-u");
        if (lazy)
        {
            info.ArgumentList.Add("-z");
        }

        info.ArgumentList.Add(directory);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new IOException("cannot start fusermount3");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"cannot start fusermount3: {e.Message}", e);
        }

        using (process)
        {
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? null : error.Trim();
        }
    }
}
