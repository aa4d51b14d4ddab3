namespace AetherFS.Core.References;

/// <summary>Validates tag names with Docker's grammar: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}.</summary>
public static class TagName
{
    public const string Default = "latest";
    public const int MaxLength = 128;

    public static string? Validate(string? tag)
    {
        if (string.IsNullOrEmpty(tag))
        {
            return "tag is empty";
        }

        if (tag.Length > MaxLength)
        {
            return $"tag is longer than {MaxLength} characters";
        }

        if (!IsWordChar(tag[0]))
        {
            return $"invalid tag '{tag}': it must start with a letter, digit or '_'";
        }

        foreach (var c in tag)
        {
            if (!IsWordChar(c) && c is not ('.' or '-'))
            {
                return $"invalid tag '{tag}': it may hold only [A-Za-z0-9_.-]";
            }
        }

        return null;
    }

    public static bool IsValid(string? tag) => Validate(tag) is null;

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
