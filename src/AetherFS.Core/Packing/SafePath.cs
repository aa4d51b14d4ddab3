namespace AetherFS.Core.Packing;

/// <summary>
/// The path rules that keep every entry of a dataset inside its root, whether it comes from an archive, a
/// directory or a manifest received over the network.
/// </summary>
public static class SafePath
{
    public const int MaxPathLength = 4096;
    private const int MaxSegmentLength = 255;

    /// <summary>Returns null when <paramref name="path"/> is a safe relative dataset path, else why not.</summary>
    public static string? Validate(string path)
    {
        if (path.Length == 0)
        {
            return "empty path";
        }

        if (path.Length > MaxPathLength)
        {
            return $"path longer than {MaxPathLength} characters";
        }

        if (path[0] == '/')
        {
            return $"absolute path '{path}'";
        }

        if (path.Contains('\0'))
        {
            return "path contains a NUL character";
        }

        if (path.Contains('\\'))
        {
            return $"path '{path}' contains a backslash";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return $"path '{path}' has an empty segment";
            }

            if (segment is "." or "..")
            {
                return $"path '{path}' escapes or aliases the root with '{segment}'";
            }

            if (segment.Length > MaxSegmentLength)
            {
                return $"path '{path}' has a segment longer than {MaxSegmentLength} characters";
            }
        }

        return null;
    }

    /// <summary>
    /// Turns an archive entry name into a dataset path: strips leading "./" and trailing "/".
    /// Returns "" for the archive's root itself. Absolute and escaping names are refused, not repaired.
    /// </summary>
    public static string NormalizeArchiveName(string name, out string? error)
    {
        var path = name;
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        path = path.TrimEnd('/');
        if (path is "" or ".")
        {
            error = null;
            return string.Empty;
        }

        error = Validate(path);
        return path;
    }

    /// <summary>
    /// Checks that a symlink at <paramref name="linkPath"/> pointing at <paramref name="target"/> stays inside the
    /// root. The target must be relative, may start with '..' segments that do not climb above the root, and
    /// after them holds only plain names: a '..' after a name could climb out through another symlink.
    /// </summary>
    public static string? ValidateSymlinkTarget(string linkPath, string target)
    {
        if (target.Length == 0 || target.Length > MaxPathLength || target.Contains('\0'))
        {
            return $"symlink '{linkPath}' has an empty or invalid target";
        }

        if (target[0] == '/')
        {
            return $"symlink '{linkPath}' points to absolute path '{target}' outside the dataset";
        }

        var depth = linkPath.Count(c => c == '/');
        var climbing = true;
        foreach (var segment in target.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (!climbing || --depth < 0)
                {
                    return $"symlink '{linkPath}' points to '{target}' outside the dataset";
                }

                continue;
            }

            climbing = false;
        }

        return null;
    }
}
