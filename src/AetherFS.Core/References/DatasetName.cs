namespace AetherFS.Core.References;

/// <summary>Validates dataset names: lowercase segments joined by '/', optionally scoped as '@scope/name'.</summary>
public static class DatasetName
{
    public const int MaxLength = 255;

    /// <summary>
    /// Tags are stored at datasets/{name}/tags/{tag}; a dataset whose name held the segment "tags" would collide
    /// with a tag of its parent, on disk and in prefix listings alike.
    /// </summary>
    public const string ReservedSegment = "tags";

    /// <summary>Returns null when <paramref name="name"/> is valid, else a sentence saying what is wrong.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "dataset name is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"dataset name is longer than {MaxLength} characters";
        }

        var segments = name.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (i == 0 && segment.StartsWith('@'))
            {
                if (segments.Length < 2)
                {
                    return $"scoped dataset name '{name}' needs a name after the scope ('@scope/name')";
                }

                segment = segment[1..];
            }

            if (segment == ReservedSegment)
            {
                return $"invalid dataset name '{name}': '{ReservedSegment}' is reserved and cannot be a segment";
            }

            if (!IsValidSegment(segment))
            {
                return $"invalid dataset name '{name}': each segment must start with a lowercase letter or digit and hold only [a-z0-9._-]";
            }
        }

        return null;
    }

    public static bool IsValid(string? name) => Validate(name) is null;

    // A segment starts with an alphanumeric so that '.', '..' and '-' can never be segments:
    // that keeps paths safe on disk and lets the REST API use '/-/' as an unambiguous separator.
    private static bool IsValidSegment(string segment)
    {
        if (segment.Length == 0 || !IsLowerAlphanumeric(segment[0]))
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (!IsLowerAlphanumeric(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlphanumeric(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
