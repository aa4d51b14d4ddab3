namespace AetherFS.Mount.Interop;

/// <summary>The Linux errno values the binding answers with.</summary>
internal static class Errno
{
    public const int NoEntry = 2;
    public const int IoError = 5;
    public const int NotDirectory = 20;
    public const int IsDirectory = 21;
    public const int InvalidArgument = 22;
    public const int ReadOnlyFileSystem = 30;
    public const int NotConnected = 107;
}
