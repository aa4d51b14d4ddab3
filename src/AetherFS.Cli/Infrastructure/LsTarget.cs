using AetherFS.Core.References;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// What <c>aetherfs ls</c> was asked for: a dataset (<c>NAME</c>), or the files of a version (<c>NAME:TAG</c>,
/// <c>NAME@sha256:DIGEST</c>) with an optional path inside it after a '/'.
/// </summary>
internal sealed record LsTarget(DatasetReference Reference, bool NamesVersion, string? Path)
{
    public static LsTarget Parse(string text)
    {
        // Longest reference first: a tag or digest cannot hold '/', so "name:v1/data/x" only parses cut at "name:v1",
        // while names ("org/data") and hosts ("host:8080/name") hold '/' and ':' of their own.
        for (var end = text.Length; end > 0; end = text.LastIndexOf('/', end - 1))
        {
            var candidate = text[..end];
            if (!DatasetReference.TryParse(candidate, out var reference, out _))
            {
                continue;
            }

            var namesVersion = reference.Digest is not null || candidate[(candidate.LastIndexOf('/') + 1)..].Contains(':');
            if (end == text.Length)
            {
                return new LsTarget(reference, namesVersion, null);
            }

            if (namesVersion)
            {
                return new LsTarget(reference, true, text[(end + 1)..]);
            }

            break;
        }

        return new LsTarget(HubResolver.ParseReference(text), false, null);
    }
}
