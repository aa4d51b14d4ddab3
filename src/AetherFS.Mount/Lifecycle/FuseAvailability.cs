using AetherFS.Mount.Interop;

namespace AetherFS.Mount.Lifecycle;

/// <summary>Whether this machine can mount at all: the FUSE device, <c>fusermount3</c> and the libfuse the binding is for.</summary>
public static class FuseAvailability
{
    private const string FuseDevice = "/dev/fuse";

    /// <summary>Null when mounting can work, else why not (one line a user can act on).</summary>
    /// <param name="path">The PATH to find fusermount3 on; the process's when null.</param>
    public static string? Problem(string? path = null) => Problem(path, FuseDevice);

    internal static string? Problem(string? path, string device)
    {
        if (!File.Exists(device))
        {
            return $"{device} is missing: load the fuse module, or give the container the device (--device /dev/fuse)";
        }

        var directories = (path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        if (!directories.Any(d => File.Exists(Path.Join(d, "fusermount3"))))
        {
            return "fusermount3 is not on PATH: install fuse3 (apt-get install fuse3)";
        }

        try
        {
            if (!LibFuseVersion.IsSupported(out var version))
            {
                return $"libfuse {LibFuseVersion.Supported / 100}.{LibFuseVersion.Supported % 100} is needed, found {version / 100}.{version % 100}";
            }
        }
        catch (DllNotFoundException)
        {
            return "libfuse3.so.3 is missing: install fuse3 (apt-get install fuse3)";
        }

        return null;
    }
}
