using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using AetherFS.Mount.Dispatch;
using AetherFS.Mount.Interop;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount;

/// <summary>
/// A read-only FUSE mount of an <see cref="IReadOnlyTree"/>: libfuse's multi-threaded loop runs on a thread of its own
/// until the directory is unmounted, from here (<see cref="UnmountAsync"/>) or from outside (<c>fusermount3 -u</c>).
/// libfuse never forks and installs no signal handlers here; the host maps SIGTERM/SIGINT to an unmount.
/// </summary>
public sealed class FuseMount : IAsyncDisposable
{
    private readonly nint _session;
    private readonly FuseRequestHandler _handler;
    private readonly GCHandle _handle;
    private readonly FuseMountOptions _options;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unmounting;

    private FuseMount(string directory, nint session, FuseRequestHandler handler, GCHandle handle, FuseMountOptions options)
    {
        Directory = directory;
        _session = session;
        _handler = handler;
        _handle = handle;
        _options = options;
    }

    /// <summary>The mounted directory (full path).</summary>
    public string Directory { get; }

    /// <summary>Completes once the mount is gone and the session freed, whoever unmounted it.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Mounts <paramref name="tree"/> on an existing empty directory and starts serving it.</summary>
    /// <exception cref="IOException">The directory is missing or not empty, or the kernel refused the mount.</exception>
    /// <exception cref="NotSupportedException">The installed libfuse is not the version the binding's layouts are for.</exception>
    public static FuseMount Start(IReadOnlyTree tree, string directory, FuseMountOptions? options = null)
    {
        options ??= new FuseMountOptions();
        var fullPath = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(fullPath))
        {
            throw new IOException($"cannot mount on {fullPath}: no such directory");
        }
        // FUSE would hide what is there; a mount over data is far more often a mistake than an intent.
        if (System.IO.Directory.EnumerateFileSystemEntries(fullPath).Any())
        {
            throw new IOException($"cannot mount on {fullPath}: the directory is not empty");
        }
        if (!LibFuseVersion.IsSupported(out var version))
        {
            throw new NotSupportedException($"libfuse {LibFuseVersion.Supported / 100}.{LibFuseVersion.Supported % 100} is needed, found {version / 100}.{version % 100}");
        }

        var handler = new FuseRequestHandler(tree, options);
        var handle = GCHandle.Alloc(handler);
        var session = NewSession(options, GCHandle.ToIntPtr(handle));
        if (session == 0)
        {
            handle.Free();
            throw new IOException($"cannot mount on {fullPath}: libfuse rejected the options {options.MountOptions}");
        }
        if (LibFuse.SessionMount(session, fullPath) != 0)
        {
            LibFuse.SessionDestroy(session);
            handle.Free();
            throw new IOException($"cannot mount on {fullPath}: the kernel refused the FUSE mount");
        }

        var mount = new FuseMount(fullPath, session, handler, handle, options);
        new Thread(mount.Serve) { IsBackground = true, Name = "fuse " + fullPath }.Start();
        if (options.KernelReadAheadKilobytes > 0)
        {
            // After INIT, whose reply would otherwise clamp it back: the kernel holds every request (this listing's
            // opendir) until INIT is answered.
            using (var listing = System.IO.Directory.EnumerateFileSystemEntries(fullPath).GetEnumerator())
            {
                _ = listing.MoveNext();
            }

            Lifecycle.KernelReadAhead.TrySet(fullPath, options.KernelReadAheadKilobytes);
        }

        return mount;
    }

    /// <summary>
    /// Detaches the mount and waits until the session is freed. Lazy: a process still holding a file open keeps
    /// reading until it closes it, and only then does the loop end.
    /// </summary>
    public async Task UnmountAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _unmounting, 1) == 0 && !_completion.Task.IsCompleted)
        {
            try
            {
                await DetachAsync(cancellationToken);
            }
            catch
            {
                // Let a later call try again (fusermount3 missing for a moment, the caller's token cancelled).
                Volatile.Write(ref _unmounting, 0);
                throw;
            }
        }
        await _completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Makes the kernel forget a cached name, so the next lookup asks the tree again (never from a request of the same directory).</summary>
    public unsafe bool InvalidateEntry(ulong parent, string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* pointer = bytes)
        {
            return LibFuse.NotifyInvalidateEntry(_session, parent, pointer, (nuint)(bytes.Length - 1)) == 0;
        }
    }

    /// <summary>Makes the kernel drop a node's cached attributes and pages.</summary>
    public bool InvalidateInode(ulong inode) => LibFuse.NotifyInvalidateInode(_session, inode, 0, 0) == 0;

    public async ValueTask DisposeAsync() => await UnmountAsync();

    private static unsafe nint NewSession(FuseMountOptions options, nint userData)
    {
        string[] arguments = ["aetherfs", "-o", options.MountOptions];
        var argv = (byte**)NativeMemory.AllocZeroed((nuint)(arguments.Length + 1), (nuint)sizeof(nint));
        try
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                argv[i] = (byte*)Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }
            var args = new FuseArgs { Argc = arguments.Length, Argv = argv };
            var operations = FuseCallbacks.Operations();
            var session = LibFuse.SessionNew(&args, &operations, (nuint)sizeof(FuseLowLevelOps), userData);
            // Option parsing may have replaced argv with copies of its own; those are libfuse's to free.
            LibFuse.OptFreeArgs(&args);
            return session;
        }
        finally
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                Marshal.FreeCoTaskMem((nint)argv[i]);
            }
            NativeMemory.Free(argv);
        }
    }

    private void Serve()
    {
        var config = LibFuse.LoopConfigCreate();
        try
        {
            LibFuse.LoopConfigSetMaxThreads(config, (uint)_options.MaxThreads);
            // Returns once the kernel ends the connection: the mount was detached and its last user left.
            LibFuseVersion.SessionLoopMultiThreaded(_session, config);
        }
        finally
        {
            LibFuse.LoopConfigDestroy(config);
            var drained = _handler.Drain(_options.DrainTimeout);
            // Sees the connection gone and only closes the device; unmounts if the loop ended for another reason.
            LibFuse.SessionUnmount(_session);
            if (drained)
            {
                LibFuse.SessionDestroy(_session);
                _handle.Free();
                _handler.Dispose();
            }
            // Otherwise a read is still to reply into the session: leaking it is better than freeing it under that reply.
            _completion.TrySetResult();
        }
    }

    private async Task DetachAsync(CancellationToken cancellationToken)
    {
        // fusermount3 unmounts for root and for the user who mounted alike; -z detaches even while files are open.
        using var process = Process.Start(new ProcessStartInfo("fusermount3", ["-u", "-z", Directory])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new IOException("cannot start fusermount3");
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 && !_completion.Task.IsCompleted)
        {
            throw new IOException($"cannot unmount {Directory}: {error.Trim()}");
        }
    }
}
