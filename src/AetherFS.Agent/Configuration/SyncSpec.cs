using AetherFS.Core.References;

namespace AetherFS.Agent.Configuration;

/// <summary>
/// One subscription: keep <see cref="Directory"/> holding the version <see cref="Name"/>:<see cref="Tag"/> points at,
/// as synced files (<c>--sync</c>) or as a mount (<c>--mount</c>).
/// </summary>
public sealed record SyncSpec(string Name, string Tag, string Directory)
{
    /// <summary>Parses <c>NAME:TAG=DIR</c> (TAG defaults to latest); null and an error when malformed.</summary>
    /// <param name="option">The flag the text came with (<c>--sync</c>, <c>--mount</c>), named in the error.</param>
    public static SyncSpec? Parse(string text, out string? error, string option = "--sync")
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            error = $"invalid {option} '{text}': expected NAME:TAG=DIR";
            return null;
        }

        return Create(text[..equals], text[(equals + 1)..], out error);
    }

    /// <summary>A subscription from a reference (<c>NAME[:TAG]</c>) and a directory.</summary>
    public static SyncSpec? Create(string reference, string directory, out string? error)
    {
        if (!DatasetReference.TryParse(reference, out var parsed, out var invalid))
        {
            error = $"invalid subscription '{reference}': {invalid}";
            return null;
        }

        if (parsed.Digest is not null || parsed.Host is not null)
        {
            error = $"invalid subscription '{reference}': follow a tag (NAME:TAG) on the agent's hub";
            return null;
        }

        error = null;
        return new SyncSpec(parsed.Name, parsed.Tag, Path.GetFullPath(directory));
    }

    public override string ToString() => $"{Name}:{Tag}={Directory}";
}
