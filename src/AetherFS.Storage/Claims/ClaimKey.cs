namespace AetherFS.Storage.Claims;

/// <summary>
/// Where a claim object lives: <c>claims/{push}/{name}</c>. <see cref="Push"/> groups the claims of one push;
/// <see cref="Name"/> is a random id, or <see cref="ClaimStore.ReleasedName"/> for the marker a finished push writes.
/// </summary>
public readonly record struct ClaimKey(string Push, string Name)
{
    public bool IsReleaseMarker => Name == ClaimStore.ReleasedName;

    public override string ToString() => $"{ClaimStore.Prefix}{Push}/{Name}";

    /// <summary>Reads a key listed under <see cref="ClaimStore.Prefix"/>; null for anything else.</summary>
    public static ClaimKey? Parse(string key)
    {
        if (!key.StartsWith(ClaimStore.Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key[ClaimStore.Prefix.Length..].Split('/');
        return parts.Length == 2 && ClaimStore.IsValidPushId(parts[0]) && (parts[1] == ClaimStore.ReleasedName || ClaimStore.IsValidPushId(parts[1]))
            ? new ClaimKey(parts[0], parts[1])
            : null;
    }
}
