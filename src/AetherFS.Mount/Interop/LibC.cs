using System.Runtime.InteropServices;

namespace AetherFS.Mount.Interop;

/// <summary>The owner a mount shows its files with: the process's own ids.</summary>
internal static partial class LibC
{
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "getegid")]
    public static partial uint GetEffectiveGroupId();
}
