namespace AetherFS.Mount.Lifecycle;

/// <summary>The mounts of this machine as the kernel lists them in <c>/proc/self/mountinfo</c>.</summary>
public static class MountTable
{
    private const string MountInfo = "/proc/self/mountinfo";

    /// <summary>The file system type mounted at <paramref name="directory"/> (full path), e.g. <c>fuse.aetherfs</c>; null if none is.</summary>
    /// <remarks>When several are stacked on one directory, the last (the visible one) wins.</remarks>
    public static string? TypeAt(string directory)
    {
        string? type = null;
        if (!File.Exists(MountInfo))
        {
            return null;
        }

        // Each line: "id parent major:minor root mount-point options [optional fields] - type source super-options";
        // spaces and such in paths are octal escapes.
        foreach (var line in File.ReadLines(MountInfo))
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length > 4 && separator > 0 && separator + 1 < fields.Length && Unescape(fields[4]) == directory)
            {
                type = fields[separator + 1];
            }
        }

        return type;
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
