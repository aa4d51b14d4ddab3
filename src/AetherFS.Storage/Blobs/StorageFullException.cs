namespace AetherFS.Storage.Blobs;

/// <summary>
/// The store has no room left for a write (a full disk, a quota used up). Nothing was stored; deleting, which is
/// what garbage collection does, still works. Translated at the store's edge from the provider's own error.
/// </summary>
public sealed class StorageFullException : IOException
{
    // errno values as .NET reports them in HResult on Unix, and the Win32 codes (as HRESULTs) on Windows.
    private const int NoSpaceOnDevice = 28; // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT
    private const int WindowsDiskFull = unchecked((int)0x80070070);
    private const int WindowsHandleDiskFull = unchecked((int)0x80070027);

    public StorageFullException()
        : base("storage is full")
    {
    }

    public StorageFullException(string message)
        : base(message)
    {
    }

    public StorageFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether an exception, or one it wraps, says the file system or store ran out of space.</summary>
    public static bool IsStorageFull(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is StorageFullException
                || (current is IOException && current.HResult is NoSpaceOnDevice or QuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull))
            {
                return true;
            }
        }

        return false;
    }
}
