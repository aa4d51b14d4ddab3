using AetherFS.Core.Units;

namespace AetherFS.Storage.Retention;

/// <summary>
/// Which tags of a dataset garbage collection removes: those beyond the newest <see cref="KeepLast"/> and those
/// published longer than <see cref="MaxAge"/> ago. Tags matching a <see cref="Protect"/> pattern are never
/// removed and do not count toward <see cref="KeepLast"/>.
/// </summary>
public sealed record RetentionPolicy(int? KeepLast, TimeSpan? MaxAge, IReadOnlyList<string> Protect)
{
    public const int MaxPatterns = 100;

    /// <summary>Null when the policy can be stored, else a sentence saying what is wrong.</summary>
    public string? Validate()
    {
        if (KeepLast is null && MaxAge is null)
        {
            return "a retention policy needs keepLast, maxAge or both";
        }

        if (KeepLast is < 1)
        {
            return "keepLast must be at least 1 (delete versions explicitly with rm)";
        }

        if (MaxAge is { } age && age <= TimeSpan.Zero)
        {
            return "maxAge must be positive";
        }

        if (Protect.Count > MaxPatterns)
        {
            return $"at most {MaxPatterns} protected tag patterns";
        }

        return Protect.Select(TagPattern.Validate).FirstOrDefault(e => e is not null);
    }

    public bool IsProtected(string tag) => Protect.Any(p => TagPattern.Matches(p, tag));

    public override string ToString()
    {
        var rules = new List<string>();
        if (KeepLast is { } keep)
        {
            rules.Add($"keep the last {keep}");
        }

        if (MaxAge is { } age)
        {
            rules.Add($"expire after {Duration.Format(age)}");
        }

        if (Protect.Count > 0)
        {
            rules.Add($"protect {string.Join(", ", Protect)}");
        }

        return string.Join("; ", rules);
    }
}
