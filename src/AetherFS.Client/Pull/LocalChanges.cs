using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Pull;

/// <summary>
/// What changed in a pulled directory since a pull wrote it: entries added, deleted, or modified (another type, size,
/// mtime, permission bits or symlink target). A pull sets every file's mtime from the manifest, so an edit shows in the
/// metadata without reading a byte; one that restores both size and mtime goes unseen, as with rsync's quick check.
/// </summary>
internal static class LocalChanges
{
    /// <summary>The first <paramref name="limit"/> changes ("path (added)"...) and how many there are in all.</summary>
    public static (IReadOnlyList<string> First, int Count) Find(string root, IReadOnlyList<ManifestEntry> written, int limit)
    {
        // Null marks a directory the pull made only to hold what it selected (a parent of --path).
        var expected = new Dictionary<string, ManifestEntry?>(StringComparer.Ordinal);
        foreach (var entry in written)
        {
            expected[entry.Path] = entry;
            for (var slash = entry.Path.LastIndexOf('/'); slash > 0; slash = entry.Path.LastIndexOf('/', slash - 1))
            {
                expected.TryAdd(entry.Path[..slash], null);
            }
        }

        var changes = new List<string>();
        var count = 0;
        void Note(string change)
        {
            count++;
            if (changes.Count < limit)
            {
                changes.Add(change);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.TryPop(out var directory))
        {
            foreach (var full in Directory.EnumerateFileSystemEntries(Path.Join(root, directory)).Order(StringComparer.Ordinal))
            {
                var relative = directory.Length == 0 ? Path.GetFileName(full) : directory + "/" + Path.GetFileName(full);
                var status = UnixFileStatus.Read(full);
                if (!expected.TryGetValue(relative, out var entry))
                {
                    Note($"{relative} (added)");
                    continue;
                }

                seen.Add(relative);
                if (!Matches(full, status, entry))
                {
                    Note($"{relative} (modified)");
                }
                else if (status.Type == UnixFileType.Directory)
                {
                    // Only into directories that are still directories: never through a symlink.
                    pending.Push(relative);
                }
            }
        }

        foreach (var path in expected.Keys.Where(p => !seen.Contains(p)).Order(StringComparer.Ordinal))
        {
            Note($"{path} (deleted)");
        }

        return (changes, count);
    }

    private static bool Matches(string full, UnixFileStatus status, ManifestEntry? entry) => entry?.Type switch
    {
        null or EntryType.Directory => status.Type == UnixFileType.Directory,
        EntryType.File => status.Type == UnixFileType.Regular && status.Size == entry.Size && status.ModifiedAt == entry.ModifiedAt
            && (status.Mode & 0x1FF) == (entry.Mode & 0x1FF),
        EntryType.Symlink => status.Type == UnixFileType.Symlink && new FileInfo(full).LinkTarget == entry.Target,
        _ => false,
    };
}
