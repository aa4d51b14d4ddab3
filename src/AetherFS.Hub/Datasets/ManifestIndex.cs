using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Hub.Datasets;

/// <summary>
/// A parsed manifest ready for browsing: entries by path, each file's place in the packed stream, and each
/// directory's children, so the file server and the UI answer without scanning the manifest per request.
/// </summary>
internal sealed class ManifestIndex
{
    private readonly Dictionary<string, int> _byPath;
    private readonly Dictionary<string, List<int>> _children;
    private readonly long[] _offsets;

    public ManifestIndex(string digest, Manifest manifest)
    {
        Digest = digest;
        Manifest = manifest;
        Layout = new BlockLayout(manifest.Blocks);
        _offsets = BlockLayout.EntryOffsets(manifest.Entries);
        _byPath = new Dictionary<string, int>(manifest.Entries.Count, StringComparer.Ordinal);
        _children = new Dictionary<string, List<int>>(StringComparer.Ordinal) { [string.Empty] = [] };
        for (var i = 0; i < manifest.Entries.Count; i++)
        {
            var path = manifest.Entries[i].Path;
            _byPath[path] = i;
            var slash = path.LastIndexOf('/');
            var parent = slash < 0 ? string.Empty : path[..slash];
            if (!_children.TryGetValue(parent, out var siblings))
            {
                // A manifest may list a file without its parent directory entries: the directory still exists.
                siblings = [];
                _children[parent] = siblings;
            }

            siblings.Add(i);
        }
    }

    public string Digest { get; }

    public Manifest Manifest { get; }

    public BlockLayout Layout { get; }

    /// <summary>Rough bytes this index holds, for the cache's budget.</summary>
    public long EstimatedSize => Manifest.Entries.Sum(e => 96L + (e.Path.Length * 2)) + (Manifest.Blocks.Count * 200L);

    public ManifestEntry? Find(string path) => _byPath.TryGetValue(path, out var index) ? Manifest.Entries[index] : null;

    /// <summary>True for the root (""), directory entries, and parents implied by deeper paths.</summary>
    public bool IsDirectory(string path) => _children.ContainsKey(path) || Find(path)?.Type == EntryType.Directory;

    /// <summary>Where a file's bytes start in the packed stream.</summary>
    public long OffsetOf(ManifestEntry file) => _offsets[_byPath[file.Path]];

    /// <summary>The entries directly inside a directory ("" is the root), in path order; directories implied by
    /// deeper paths appear as directory entries.</summary>
    public IReadOnlyList<ManifestEntry> ChildrenOf(string directory)
    {
        if (!_children.TryGetValue(directory, out var indexes))
        {
            return [];
        }

        var listed = indexes.Select(i => Manifest.Entries[i]).ToList();
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        foreach (var implied in _children.Keys.Where(k => k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal) && !k.AsSpan(prefix.Length).Contains('/') && !_byPath.ContainsKey(k)))
        {
            listed.Add(new ManifestEntry(implied, EntryType.Directory, 0, 0b111_101_101, DateTime.UnixEpoch));
        }

        return listed.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
    }

    /// <summary>Bytes in the files under a directory, recursively.</summary>
    public long SizeUnder(string directory)
    {
        var prefix = directory.Length == 0 ? string.Empty : directory + "/";
        return Manifest.Entries.Where(e => e.Type == EntryType.File && e.Path.StartsWith(prefix, StringComparison.Ordinal)).Sum(e => e.Size);
    }

    /// <summary>
    /// Follows symlinks (relative, inside the dataset, as the validator guarantees) to the entry they name;
    /// null when the chain dangles or loops.
    /// </summary>
    public ManifestEntry? Resolve(ManifestEntry entry)
    {
        for (var hops = 0; hops < 40 && entry.Type == EntryType.Symlink; hops++)
        {
            var slash = entry.Path.LastIndexOf('/');
            var target = Normalize(slash < 0 ? entry.Target! : entry.Path[..slash] + "/" + entry.Target);
            if (target is null)
            {
                return null;
            }

            var next = Find(target);
            if (next is null)
            {
                return IsDirectory(target) ? new ManifestEntry(target, EntryType.Directory, 0, 0b111_101_101, DateTime.UnixEpoch) : null;
            }

            entry = next;
        }

        return entry.Type == EntryType.Symlink ? null : entry;
    }

    private static string? Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    continue;
                default:
                    parts.Add(part);
                    continue;
            }
        }

        return string.Join('/', parts);
    }
}
