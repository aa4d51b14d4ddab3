using System.Runtime.InteropServices;

namespace AetherFS.Core.Interop;

/// <summary>Swaps two paths in one step with renameat2(RENAME_EXCHANGE), so readers never see neither.</summary>
public static class AtomicRename
{
    /// <summary>Exchanges <paramref name="a"/> and <paramref name="b"/>; false when the file system cannot.</summary>
    public static bool TryExchange(string a, string b)
    {
        try
        {
            return LibC.Renameat2(LibC.AtFdCwd, a, LibC.AtFdCwd, b, LibC.RenameExchange) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The last errno, for messages when an exchange fails.</summary>
    public static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
