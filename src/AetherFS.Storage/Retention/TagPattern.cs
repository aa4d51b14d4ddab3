using AetherFS.Core.References;

namespace AetherFS.Storage.Retention;

/// <summary>Tag patterns of retention policies: a tag name in which <c>*</c> matches any run of characters and <c>?</c> one.</summary>
public static class TagPattern
{
    public static string? Validate(string? pattern)
    {
        if (string.IsNullOrEmpty(pattern) || pattern.Length > TagName.MaxLength)
        {
            return $"invalid tag pattern '{pattern}': give 1 to {TagName.MaxLength} characters";
        }

        // A pattern is a tag once its wildcards are made letters: the same alphabet, so it can match something.
        return TagName.IsValid(pattern.Replace('*', 'x').Replace('?', 'x'))
            ? null
            : $"invalid tag pattern '{pattern}': use tag characters [A-Za-z0-9_.-] and the wildcards * and ?";
    }

    public static bool Matches(string pattern, string tag) => Matches(pattern.AsSpan(), tag.AsSpan());

    // Iterative glob matching with one backtrack point: linear in practice, never exponential.
    private static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
