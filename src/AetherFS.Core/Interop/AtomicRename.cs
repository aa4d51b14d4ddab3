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

    /// <summary>
    /// rename(2): moves <paramref name="source"/> over <paramref name="target"/> in one step, replacing it. Unlike
    /// File.Move it works on the link itself when the source is a symlink to a directory.
    /// </summary>
    public static void Replace(string source, string target)
    {
        if (LibC.Renameat2(LibC.AtFdCwd, source, LibC.AtFdCwd, target, 0) != 0)
        {
            throw new IOException($"cannot rename {source} to {target}: {LastError()}");
        }
    }

    /// <summary>The last errno, for messages when an exchange fails.</summary>
    public static string LastError() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
}
