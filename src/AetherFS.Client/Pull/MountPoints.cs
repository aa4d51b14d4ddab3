using AetherFS.Core.Interop;

namespace AetherFS.Client.Pull;

/// <summary>The mount points of this machine, from /proc/self/mountinfo (empty where there is none).</summary>
internal static class MountPoints
{
    public static IReadOnlySet<string> Read() => MountInfo.Read().Select(m => m.MountPoint).ToHashSet(StringComparer.Ordinal);
}
