using AetherFS.Core.Interop;

namespace AetherFS.Mount.Lifecycle;

/// <summary>The mounts of this machine as the kernel lists them (<see cref="MountInfo"/>).</summary>
public static class MountTable
{
    /// <summary>The file system type mounted at <paramref name="directory"/> (full path), e.g. <c>fuse.aetherfs</c>; null if none is.</summary>
    /// <remarks>When several are stacked on one directory, the last (the visible one) wins.</remarks>
    public static string? TypeAt(string directory) => At(directory)?.Type;

    /// <summary>The device (<c>major:minor</c>) mounted at <paramref name="directory"/> (full path); null if none is.</summary>
    public static string? DeviceAt(string directory) => At(directory)?.Device;

    private static (string MountPoint, string Type, string Device)? At(string directory) =>
        MountInfo.Read().LastOrDefault(m => m.MountPoint == directory) is { MountPoint: not null } found ? found : null;
}
