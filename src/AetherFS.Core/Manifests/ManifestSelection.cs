using AetherFS.Core.Blocks;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Manifests;

/// <summary>
/// What of a version a pull writes: its entries (all of them, or those at and under some paths) and the pieces of
/// blocks that hold their bytes in stream order, so that only the blocks covering the selected files are fetched.
/// </summary>
public sealed class ManifestSelection
{
    private ManifestSelection(Manifest manifest, IReadOnlyList<ManifestEntry> entries, IReadOnlyList<BlockSpan> spans, IReadOnlyList<string> paths)
    {
        Manifest = manifest;
        Entries = entries;
        Spans = spans;
        Paths = paths;
    }

    public Manifest Manifest { get; }

    /// <summary>The selected entries, in manifest order.</summary>
    public IReadOnlyList<ManifestEntry> Entries { get; }

    /// <summary>The pieces of <see cref="Manifest"/>'s blocks (by index) whose bytes, in order, are the selected files'.</summary>
    public IReadOnlyList<BlockSpan> Spans { get; }

    /// <summary>The normalized paths selected; empty for the whole version.</summary>
    public IReadOnlyList<string> Paths { get; }

    public long TotalSize => Entries.Sum(e => e.Type == EntryType.File ? e.Size : 0);

    public static ManifestSelection All(Manifest manifest) =>
        new(manifest, manifest.Entries, manifest.Blocks.Select((b, i) => new BlockSpan(i, 0, b.Size)).ToList(), []);

    /// <summary>
    /// The entries at or under each of <paramref name="paths"/> (a file, a symlink or a directory's subtree; a trailing
    /// '/' is allowed). Throws <see cref="FormatException"/> for a path that is not a safe dataset path and
    /// <see cref="ManifestPathNotFoundException"/> for one that matches nothing.
    /// </summary>
    public static ManifestSelection Under(Manifest manifest, IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return All(manifest);
        }

        var wanted = paths.Select(Normalize).Distinct(StringComparer.Ordinal).ToList();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<ManifestEntry>();
        var spans = new List<BlockSpan>();
        var offsets = BlockLayout.EntryOffsets(manifest.Entries);
        var layout = new BlockLayout(manifest.Blocks);
        for (var i = 0; i < manifest.Entries.Count; i++)
        {
            var entry = manifest.Entries[i];
            // Every path that covers the entry counts as matched ("data" and "data/2026" together are both found).
            var covered = false;
            foreach (var path in wanted.Where(p => Covers(p, entry.Path)))
            {
                matched.Add(path);
                covered = true;
            }

            if (!covered)
            {
                continue;
            }

            entries.Add(entry);
            if (entry.Type == EntryType.File)
            {
                spans.AddRange(layout.Spans(offsets[i], entry.Size));
            }
        }

        if (wanted.Find(p => !matched.Contains(p)) is { } missing)
        {
            throw new ManifestPathNotFoundException(missing);
        }

        return new ManifestSelection(manifest, entries, spans, wanted);
    }

    /// <summary>A user's path as the manifest spells it: without a trailing '/', and refused when it could escape.</summary>
    public static string Normalize(string path)
    {
        var trimmed = path.TrimEnd('/');
        return SafePath.Validate(trimmed) is { } error ? throw new FormatException($"invalid path '{path}': {error}") : trimmed;
    }

    private static bool Covers(string selected, string path) =>
        path.StartsWith(selected, StringComparison.Ordinal) && (path.Length == selected.Length || path[selected.Length] == '/');
}
