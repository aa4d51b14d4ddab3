using System.Runtime.InteropServices;

namespace AetherFS.Core.Interop;

/// <summary>What lstat says of a path without following a final symlink.</summary>
public readonly record struct UnixFileStatus(UnixFileType Type, int Mode, long Size, DateTime ModifiedAt, long Inode, DateTime ChangedAt)
{
    private const int StatBufferSize = 256;
    private const int SizeOffset = 48;
    private const int InodeOffset = 8;
    private const int ModifiedOffset = 88;
    private const int ChangedOffset = 104;
    private const int FileTypeMask = 0xF000;

    /// <summary>lstat(2); throws <see cref="IOException"/> when the path cannot be read.</summary>
    public static unsafe UnixFileStatus Read(string path)
    {
        // struct stat differs by architecture: st_mode sits at 24 on x86_64 (after an 8-byte st_nlink) and at 16 on
        // arm64; st_ino (8), st_size (48), st_mtim (88) and st_ctim (104) agree on both.
        var modeOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;
        var buffer = stackalloc byte[StatBufferSize];
        if (LibC.Lstat(path, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot read '{path}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var mode = *(uint*)(buffer + modeOffset);
        var size = *(long*)(buffer + SizeOffset);
        var type = (mode & FileTypeMask) switch
        {
            0x8000 => UnixFileType.Regular,
            0x4000 => UnixFileType.Directory,
            0xA000 => UnixFileType.Symlink,
            0x1000 => UnixFileType.Fifo,
            0xC000 => UnixFileType.Socket,
            0x2000 => UnixFileType.CharacterDevice,
            0x6000 => UnixFileType.BlockDevice,
            _ => UnixFileType.Other,
        };
        return new UnixFileStatus(type, (int)(mode & 0xFFF), size, TimeAt(buffer + ModifiedOffset), *(long*)(buffer + InodeOffset), TimeAt(buffer + ChangedOffset));
    }

    private static unsafe DateTime TimeAt(byte* timespec)
    {
        var seconds = *(long*)timespec;
        var nanoseconds = *(long*)(timespec + 8);
        return DateTime.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (nanoseconds / 100));
    }
}
