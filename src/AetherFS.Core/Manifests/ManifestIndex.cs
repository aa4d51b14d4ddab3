using AetherFS.Core.Blocks;

namespace AetherFS.Core.Manifests;

/// <summary>
/// A parsed manifest ready for browsing: entries by path, each file's place in the packed stream, and each
/// directory's children, so the file server and the UI answer without scanning the manifest per request.
/// </summary>
public sealed class ManifestIndex
{
    // As Linux's MAXSYMLINKS: enough for any sane chain, and a loop ends quickly.
    private const int MaxSymlinkHops = 40;
    private const int DirectoryMode = 0b111_101_101;
    private readonly Dictionary<string, int> _byPath;
    private readonly Dictionary<string, List<int>> _children;
    private readonly HashSet<string> _impliedDirectories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _impliedChildren = new(StringComparer.Ordinal);
    private readonly long[] _offsets;
    private readonly long _fileBytes;

    public ManifestIndex(string digest, Manifest manifest)
    {
        Digest = digest;
        Manifest = manifest;
        Layout = new BlockLayout(manifest.Blocks);
        _offsets = BlockLayout.EntryOffsets(manifest.Entries);
        _fileBytes = manifest.TotalSize;
        _byPath = new Dictionary<string, int>(manifest.Entries.Count, StringComparer.Ordinal);
        _children = new Dictionary<string, List<int>>(StringComparer.Ordinal) { [string.Empty] = [] };
        for (var i = 0; i < manifest.Entries.Count; i++)
        {
            _byPath[manifest.Entries[i].Path] = i;
        }

        for (var i = 0; i < manifest.Entries.Count; i++)
        {
            var parent = ParentOf(manifest.Entries[i].Path);
            if (!_children.TryGetValue(parent, out var siblings))
            {
                siblings = [];
                _children[parent] = siblings;
            }

            siblings.Add(i);

            // A manifest may list a file without its parent directory entries: those directories still exist, at
            // every level up to the root, and are listed by their parents.
            for (var directory = parent; directory.Length > 0 && !_byPath.ContainsKey(directory) && _impliedDirectories.Add(directory); directory = ParentOf(directory))
            {
                var grandparent = ParentOf(directory);
                if (!_impliedChildren.TryGetValue(grandparent, out var implied))
                {
                    implied = [];
                    _impliedChildren[grandparent] = implied;
                }

                implied.Add(directory);
            }
        }
    }

    public string Digest { get; }

    public Manifest Manifest { get; }

    public BlockLayout Layout { get; }

    /// <summary>Rough bytes this index holds, for the cache's budget.</summary>
    public long EstimatedSize => Manifest.Entries.Sum(e => 96L + (e.Path.Length * 2)) + (Manifest.Blocks.Count * 200L);

    public ManifestEntry? Find(string path) => _byPath.TryGetValue(path, out var index) ? Manifest.Entries[index] : null;

    /// <summary>True for the root (""), directory entries, and parents implied by deeper paths.</summary>
    public bool IsDirectory(string path) =>
        path.Length == 0 || _impliedDirectories.Contains(path) || Find(path)?.Type == EntryType.Directory;

    /// <summary>Where a file's bytes start in the packed stream.</summary>
    public long OffsetOf(ManifestEntry file) => _offsets[_byPath[file.Path]];

    /// <summary>The entries directly inside a directory ("" is the root), in path order; directories implied by
    /// deeper paths appear as directory entries.</summary>
    public IReadOnlyList<ManifestEntry> ChildrenOf(string directory)
    {
        var listed = _children.TryGetValue(directory, out var indexes)
            ? indexes.Select(i => Manifest.Entries[i]).ToList()
            : [];
        if (_impliedChildren.TryGetValue(directory, out var implied))
        {
            listed.AddRange(implied.Select(ImpliedDirectory));
            listed.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        }

        return listed;
    }

    /// <summary>Bytes in the files under a directory, recursively.</summary>
    public long SizeUnder(string directory)
    {
        if (directory.Length == 0)
        {
            return _fileBytes;
        }

        // Entries are in ordinal path order (the validator enforces it on publish), so everything under "d/" is
        // one run, from the first path at or after "d/" to the first at or after "d0" ('0' follows '/'); the
        // packed-stream offsets at its two ends give its bytes without scanning the manifest.
        var first = LowerBound(directory + "/");
        var end = LowerBound(directory + "0");
        return OffsetAt(end) - OffsetAt(first);
    }

    /// <summary>
    /// Follows symlinks (relative, inside the dataset, as the validator guarantees) to the entry they name;
    /// null when the chain dangles or loops.
    /// </summary>
    public ManifestEntry? Resolve(ManifestEntry entry) => entry.Type == EntryType.Symlink ? ResolvePath(entry.Path) : entry;

    /// <summary>
    /// The entry a path names, following symlinks in every component as the kernel would, including those that
    /// lead through symlinked directories; the root is a directory entry with path "". Null when a component is
    /// missing, a file has components after it, or the symlinks dangle, climb above the root or loop.
    /// </summary>
    public ManifestEntry? ResolvePath(string path)
    {
        var pending = new Stack<string>(Enumerable.Reverse(path.Split('/')));
        var resolved = new List<string>();
        var hops = 0;
        while (pending.TryPop(out var segment))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (resolved.Count == 0)
                    {
                        return null;
                    }

                    resolved.RemoveAt(resolved.Count - 1);
                    continue;
            }

            resolved.Add(segment);
            var current = string.Join('/', resolved);
            var entry = Find(current);
            if (entry is null)
            {
                if (!_impliedDirectories.Contains(current))
                {
                    return null;
                }

                continue;
            }

            switch (entry.Type)
            {
                case EntryType.Symlink:
                    if (++hops > MaxSymlinkHops)
                    {
                        return null;
                    }

                    // The target is relative to the link's directory: replace the link by its target's segments.
                    resolved.RemoveAt(resolved.Count - 1);
                    foreach (var part in Enumerable.Reverse(entry.Target!.Split('/')))
                    {
                        pending.Push(part);
                    }

                    continue;
                case EntryType.File when pending.Count > 0:
                    return null;
            }
        }

        var final = string.Join('/', resolved);
        return final.Length == 0 ? ImpliedDirectory(string.Empty) : Find(final) ?? ImpliedDirectory(final);
    }

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    private static ManifestEntry ImpliedDirectory(string path) => new(path, EntryType.Directory, 0, DirectoryMode, DateTime.UnixEpoch);

    private int LowerBound(string path)
    {
        var entries = Manifest.Entries;
        int low = 0, high = entries.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (string.CompareOrdinal(entries[middle].Path, path) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private long OffsetAt(int index) => index < _offsets.Length ? _offsets[index] : _fileBytes;
}
