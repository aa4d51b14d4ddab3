using System.Buffers;
using System.Text;
using AetherFS.Mount.Interop;
using AetherFS.Mount.Trees;

namespace AetherFS.Mount.Dispatch;

/// <summary>
/// Answers one mount's requests from its tree. Every method replies exactly once, as its last step, so the callback's
/// catch-all can reply EIO when one throws. Reads reply asynchronously: their arguments are copied before any await,
/// and the session is kept alive until the last of them has replied.
/// </summary>
internal sealed class FuseRequestHandler : IDisposable
{
    private const int ReadOnlyAccessMode = 0; // O_RDONLY under O_ACCMODE
    private const int AccessModeMask = 3;     // O_ACCMODE

    private readonly IReadOnlyTree _tree;
    private readonly NodeAttributes _attributes = new();
    private readonly double _cacheSeconds;
    private readonly EntryAttributes _entries;
    private readonly CancellationTokenSource _stopping = new();
    // Starts at one for the mount itself; each asynchronous read adds one until it has replied.
    private readonly CountdownEvent _pendingReplies = new(1);

    public FuseRequestHandler(IReadOnlyTree tree, FuseMountOptions options)
    {
        _tree = tree;
        _cacheSeconds = options.CacheTimeout.TotalSeconds;
        _entries = new EntryAttributes(_attributes, _cacheSeconds);
    }

    public unsafe void Lookup(nint request, ulong parent, string name)
    {
        var node = _tree.Lookup(parent, name);
        if (node is null)
        {
            LibFuse.ReplyError(request, Errno.NoEntry);
            return;
        }
        var entry = _entries.EntryFor(node);
        LibFuse.ReplyEntry(request, &entry);
    }

    public unsafe void Getattr(nint request, ulong inode)
    {
        var node = _tree.Find(inode);
        if (node is null)
        {
            LibFuse.ReplyError(request, Errno.NoEntry);
            return;
        }
        var attributes = _attributes.For(node);
        LibFuse.ReplyAttributes(request, &attributes, _cacheSeconds);
    }

    public unsafe void Readlink(nint request, ulong inode)
    {
        var node = _tree.Find(inode);
        if (node?.SymlinkTarget is null)
        {
            LibFuse.ReplyError(request, node is null ? Errno.NoEntry : Errno.InvalidArgument);
            return;
        }
        var target = Encoding.UTF8.GetBytes(node.SymlinkTarget + "\0");
        fixed (byte* pointer = target)
        {
            LibFuse.ReplyReadlink(request, pointer);
        }
    }

    public unsafe void Open(nint request, ulong inode, FuseFileInfo* info)
    {
        var node = _tree.Find(inode);
        var error = node is null ? Errno.NoEntry
            : node.Kind == NodeKind.Directory ? Errno.IsDirectory
            : (info->Flags & AccessModeMask) != ReadOnlyAccessMode ? Errno.ReadOnlyFileSystem
            : 0;
        if (error != 0)
        {
            LibFuse.ReplyError(request, error);
            return;
        }
        // A node's bytes never change while mounted, so the page cache may outlive a close.
        info->Bits |= FuseFileInfo.KeepCache;
        LibFuse.ReplyOpen(request, info);
    }

    public unsafe void Opendir(nint request, ulong inode, FuseFileInfo* info)
    {
        var node = _tree.Find(inode);
        if (node is null || node.Kind != NodeKind.Directory)
        {
            LibFuse.ReplyError(request, node is null ? Errno.NoEntry : Errno.NotDirectory);
            return;
        }
        info->Bits |= FuseFileInfo.CacheReaddir | FuseFileInfo.KeepCache;
        LibFuse.ReplyOpen(request, info);
    }

    public void Readdir(nint request, ulong inode, nuint size, long offset) => List(request, inode, size, offset, plus: null);

    public void Readdirplus(nint request, ulong inode, nuint size, long offset) => List(request, inode, size, offset, _entries);

    private void List(nint request, ulong inode, nuint size, long offset, EntryAttributes? plus)
    {
        var node = _tree.Find(inode);
        if (node is null || node.Kind != NodeKind.Directory)
        {
            LibFuse.ReplyError(request, node is null ? Errno.NoEntry : Errno.NotDirectory);
            return;
        }
        DirectoryListing.Reply(request, _tree, node, size, offset, plus);
    }

    public static unsafe void Statfs(nint request)
    {
        var statistics = new StatVfs { BlockSize = 4096, FragmentSize = 4096, NameMax = 255 };
        LibFuse.ReplyStatfs(request, &statistics);
    }

    public void Read(nint request, ulong inode, nuint size, long offset)
    {
        if (!_pendingReplies.TryAddCount())
        {
            LibFuse.ReplyError(request, Errno.IoError);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)size);
        ValueTask<int> reading;
        try
        {
            reading = _tree.ReadAsync(inode, offset, buffer.AsMemory(0, (int)size), _stopping.Token);
        }
        catch (Exception)
        {
            Finish(request, buffer, count: -1);
            return;
        }
        if (reading.IsCompletedSuccessfully)
        {
            Finish(request, buffer, reading.Result);
            return;
        }
        _ = FinishAsync(request, buffer, reading);
    }

    /// <summary>Stops reads in progress and waits for their replies; false if some never came within the time.</summary>
    public bool Drain(TimeSpan timeout)
    {
        _stopping.Cancel();
        _pendingReplies.Signal();
        return _pendingReplies.Wait(timeout);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _pendingReplies.Dispose();
    }

    private async Task FinishAsync(nint request, byte[] buffer, ValueTask<int> reading)
    {
        var count = -1;
        try
        {
            count = await reading;
        }
        catch (Exception)
        {
            // Answered below as EIO: a reader sees a failed read, never a hang.
        }
        Finish(request, buffer, count);
    }

    private unsafe void Finish(nint request, byte[] buffer, int count)
    {
        try
        {
            if (count < 0)
            {
                LibFuse.ReplyError(request, Errno.IoError);
            }
            else
            {
                fixed (byte* pointer = buffer)
                {
                    LibFuse.ReplyBuffer(request, pointer, (nuint)count);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _pendingReplies.Signal();
        }
    }
}
