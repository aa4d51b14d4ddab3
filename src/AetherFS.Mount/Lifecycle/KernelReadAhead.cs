using System.Globalization;

namespace AetherFS.Mount.Lifecycle;

/// <summary>
/// How far the kernel reads ahead of a sequential reader on a mount (<c>/sys/class/bdi/MAJOR:MINOR/read_ahead_kb</c>).
/// </summary>
/// <remarks>
/// A FUSE mount starts at the kernel's 128 KiB, and the INIT reply can only lower it, so a sequential reader costs one
/// request per 128 KiB. Raised to 1 MiB, each request carries eight times as much (libfuse's buffers take 1 MiB reads),
/// which is most of what a read of cached blocks costs. Only root may write it; elsewhere the default stays.
/// </remarks>
public static class KernelReadAhead
{
    private const string DeviceInfo = "/sys/class/bdi";

    /// <summary>Sets it for the mount at <paramref name="directory"/> (after the mount's INIT); false when not allowed or not found.</summary>
    public static bool TrySet(string directory, int kilobytes)
    {
        if (MountTable.DeviceAt(directory) is not { } device)
        {
            return false;
        }

        try
        {
            File.WriteAllText(Path.Join(DeviceInfo, device, "read_ahead_kb"), kilobytes.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>What it is for the mount at <paramref name="directory"/>, in KiB; null when not found.</summary>
    public static int? Get(string directory) =>
        MountTable.DeviceAt(directory) is { } device && File.Exists(Path.Join(DeviceInfo, device, "read_ahead_kb"))
            ? int.Parse(File.ReadAllText(Path.Join(DeviceInfo, device, "read_ahead_kb")).Trim(), CultureInfo.InvariantCulture)
            : null;
}
