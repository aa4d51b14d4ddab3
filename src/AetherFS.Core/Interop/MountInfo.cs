namespace AetherFS.Core.Interop;

/// <summary>The mounts of this machine as the kernel lists them in <c>/proc/self/mountinfo</c> (none where it is missing).</summary>
public static class MountInfo
{
    private const string Path = "/proc/self/mountinfo";

    /// <summary>
    /// Each mount's point (unescaped full path), file system type (e.g. <c>fuse.aetherfs</c>) and device
    /// (<c>major:minor</c>, which also names its entry in <c>/sys/class/bdi</c>), in the kernel's order.
    /// </summary>
    /// <remarks>Several mounts stacked on one directory appear in order: the last is the visible one.</remarks>
    public static IEnumerable<(string MountPoint, string Type, string Device)> Read()
    {
        if (!File.Exists(Path))
        {
            yield break;
        }

        // Each line: "id parent major:minor root mount-point options [optional fields] - type source super-options";
        // spaces and such in paths are octal escapes.
        foreach (var line in File.ReadLines(Path))
        {
            var fields = line.Split(' ');
            if (fields.Length <= 4)
            {
                continue;
            }

            var separator = Array.IndexOf(fields, "-", 5);
            yield return (Unescape(fields[4]), separator > 0 && separator + 1 < fields.Length ? fields[separator + 1] : "", fields[2]);
        }
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var text = new System.Text.StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && !field.AsSpan(i + 1, 3).ContainsAnyExceptInRange('0', '7'))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }

        return text.ToString();
    }
}
