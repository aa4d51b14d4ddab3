namespace AetherFS.Hub.Security;

/// <summary>
/// A rule's dataset name pattern: '/'-separated segments, each a literal name segment, <c>*</c> (exactly one segment)
/// or <c>**</c> (any number of segments, none included). Wildcards inside a segment (<c>a*</c>) are refused, so the
/// specificity of two patterns can always be compared and their overlap decided.
/// </summary>
internal sealed class DatasetPattern
{
    private const string One = "*";
    private const string Any = "**";

    private readonly string[] _segments;

    private DatasetPattern(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
        Literals = segments.Count(s => s is not (One or Any));
        AnyCount = segments.Count(s => s == Any);
        OneCount = segments.Count(s => s == One);
    }

    public string Text { get; }

    private int Literals { get; }

    private int AnyCount { get; }

    private int OneCount { get; }

    /// <summary>Throws <see cref="ArgumentException"/> saying what is wrong with the pattern.</summary>
    public static DatasetPattern Parse(string text)
    {
        var segments = text.Split('/');
        foreach (var segment in segments)
        {
            if (segment is One or Any)
            {
                continue;
            }

            if (segment.Contains('*', StringComparison.Ordinal))
            {
                throw new ArgumentException($"dataset pattern '{text}': '*' and '**' must be whole segments");
            }

            // A literal segment must be one a dataset name can hold, or the rule could never apply.
            if (Core.References.DatasetName.Validate(segment) is not null)
            {
                throw new ArgumentException($"dataset pattern '{text}': '{segment}' cannot be part of a dataset name");
            }
        }

        return new DatasetPattern(text, segments);
    }

    public bool Matches(string name) => Matches(_segments, 0, name.Split('/'), 0);

    /// <summary>Orders by specificity: more literal segments, then fewer '**', then fewer '*'. Zero is a tie.</summary>
    public int CompareSpecificity(DatasetPattern other) =>
        Literals != other.Literals ? Literals.CompareTo(other.Literals)
        : AnyCount != other.AnyCount ? other.AnyCount.CompareTo(AnyCount)
        : other.OneCount.CompareTo(OneCount);

    /// <summary>Whether some dataset name matches both patterns (two equally specific ones would then be ambiguous).</summary>
    public bool Overlaps(DatasetPattern other) => Overlap(_segments, 0, other._segments, 0);

    private static bool Matches(string[] pattern, int p, string[] name, int n)
    {
        if (p == pattern.Length)
        {
            return n == name.Length;
        }

        if (pattern[p] == Any)
        {
            for (var skip = n; skip <= name.Length; skip++)
            {
                if (Matches(pattern, p + 1, name, skip))
                {
                    return true;
                }
            }

            return false;
        }

        return n < name.Length && (pattern[p] == One || string.Equals(pattern[p], name[n], StringComparison.Ordinal)) && Matches(pattern, p + 1, name, n + 1);
    }

    private static bool Overlap(string[] a, int i, string[] b, int j)
    {
        if (i == a.Length && j == b.Length)
        {
            return true;
        }

        if (i < a.Length && a[i] == Any)
        {
            // '**' takes nothing, or one more segment of whatever the other side has.
            return Overlap(a, i + 1, b, j) || (j < b.Length && (b[j] == Any ? Overlap(a, i, b, j + 1) || Overlap(a, i + 1, b, j) : Overlap(a, i, b, j + 1)));
        }

        if (j < b.Length && b[j] == Any)
        {
            return Overlap(b, j, a, i);
        }

        if (i == a.Length || j == b.Length)
        {
            return false;
        }

        var segmentsMeet = a[i] == One || b[j] == One || string.Equals(a[i], b[j], StringComparison.Ordinal);
        return segmentsMeet && Overlap(a, i + 1, b, j + 1);
    }
}
