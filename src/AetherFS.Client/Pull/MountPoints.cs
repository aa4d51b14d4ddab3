namespace AetherFS.Client.Pull;

/// <summary>The mount points of this machine, from /proc/self/mountinfo (empty where there is none).</summary>
internal static class MountPoints
{
    private const string MountInfo = "/proc/self/mountinfo";

    public static IReadOnlySet<string> Read()
    {
        var points = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(MountInfo))
        {
            return points;
        }

        // Each line: "id parent major:minor root mount-point options ..."; spaces and such in paths are octal escapes.
        foreach (var line in File.ReadLines(MountInfo))
        {
            var fields = line.Split(' ');
            if (fields.Length > 4)
            {
                points.Add(Unescape(fields[4]));
            }
        }

        return points;
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
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field.AsSpan(i + 1, 3)))
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

    private static bool IsOctal(ReadOnlySpan<char> digits) => !digits.ContainsAnyExceptInRange('0', '7');
}
