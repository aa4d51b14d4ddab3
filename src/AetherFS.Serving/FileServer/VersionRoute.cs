using AetherFS.Core.References;

namespace AetherFS.Serving.FileServer;

/// <summary>One reading of a <c>/fs</c> path as dataset name, version (tag or digest) and a path inside it.</summary>
/// <param name="Reference">A tag, or a digest ("sha256:...").</param>
/// <param name="Segments">The path inside the version; empty for its root.</param>
internal sealed record VersionRoute(string Name, string Reference, IReadOnlyList<string> Segments)
{
    public bool ByDigest => Reference.StartsWith(Digest.Prefix, StringComparison.Ordinal);

    /// <summary>The path inside the version, '/'-joined ("" for the root).</summary>
    public string InnerPath => string.Join('/', Segments);

    /// <summary>"name:tag" or "name@sha256:...", as users write references.</summary>
    public string DisplayName => ByDigest ? $"{Name}@{Reference}" : $"{Name}:{Reference}";

    /// <summary>
    /// Every valid reading of the segments, in the order to try them. A segment "last@sha256:..." ends the name
    /// unambiguously (names hold '@' only at the start, tags never), so that reading comes first. Otherwise
    /// <c>/fs/a/b/c/d</c> may be dataset <c>a</c>, tag <c>b</c>, path <c>c/d</c>, or dataset <c>a/b</c>, tag
    /// <c>c</c>, path <c>d</c>: names hold '/', so the longest name comes first, and the caller serves the first
    /// reading whose tag exists. A digest may also stand in the tag's place.
    /// </summary>
    public static IReadOnlyList<VersionRoute> Candidates(IReadOnlyList<string> segments)
    {
        var routes = new List<VersionRoute>();
        for (var i = 0; i < segments.Count; i++)
        {
            // A leading '@' is a scope ("@scope/name"), never the digest separator.
            var at = segments[i].IndexOf('@', 1);
            if (at < 0)
            {
                continue;
            }

            var name = string.Join('/', segments.Take(i).Append(segments[i][..at]));
            var digest = segments[i][(at + 1)..];
            if (Digest.IsValid(digest) && DatasetName.IsValid(name))
            {
                routes.Add(new VersionRoute(name, digest, segments.Skip(i + 1).ToList()));
            }

            break;
        }

        for (var nameSegments = segments.Count - 1; nameSegments >= 1; nameSegments--)
        {
            var name = string.Join('/', segments.Take(nameSegments));
            // A digest in the tag's place ("/fs/name/sha256:.../") is read as one too: no tag can hold ':'.
            var reference = segments[nameSegments];
            if (DatasetName.IsValid(name) && (TagName.IsValid(reference) || Digest.IsValid(reference)))
            {
                routes.Add(new VersionRoute(name, reference, segments.Skip(nameSegments + 1).ToList()));
            }
        }

        return routes;
    }
}
