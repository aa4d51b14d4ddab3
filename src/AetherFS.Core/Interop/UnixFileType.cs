namespace AetherFS.Core.Interop;

/// <summary>The file type bits of st_mode.</summary>
public enum UnixFileType
{
    Other,
    Regular,
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}
