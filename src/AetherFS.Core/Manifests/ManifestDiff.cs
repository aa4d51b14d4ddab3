using AetherFS.Core.Blocks;

namespace AetherFS.Core.Manifests;

/// <summary>
/// What changed between two versions, path by path, from their manifests alone. A file's bytes are known equal
/// when its recorded SHA-256 matches, or when it is made of the same pieces of the same blocks; known different
/// when its size, type or digest differs; otherwise <see cref="FileChangeKind.PossiblyChanged"/>.
/// </summary>
public static class ManifestDiff
{
    public static IReadOnlyList<FileChange> Compare(Manifest from, Manifest to)
    {
        var fromFiles = Index(from);
        var toFiles = Index(to);
        var fromLayout = new BlockLayout(from.Blocks);
        var toLayout = new BlockLayout(to.Blocks);
        var changes = new List<FileChange>();
        foreach (var (path, (entry, offset)) in toFiles)
        {
            if (!fromFiles.TryGetValue(path, out var old))
            {
                changes.Add(new FileChange(path, FileChangeKind.Added, null, entry));
                continue;
            }

            var kind = Classify((from, fromLayout), old.Entry, old.Offset, (to, toLayout), entry, offset);
            if (kind is not null)
            {
                changes.Add(new FileChange(path, kind.Value, old.Entry, entry));
            }
        }

        changes.AddRange(fromFiles.Where(f => !toFiles.ContainsKey(f.Key)).Select(f => new FileChange(f.Key, FileChangeKind.Removed, f.Value.Entry, null)));
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }

    private static FileChangeKind? Classify((Manifest Manifest, BlockLayout Layout) from, ManifestEntry old, long oldOffset, (Manifest Manifest, BlockLayout Layout) to, ManifestEntry entry, long offset)
    {
        if (old.Type != entry.Type || old.Target != entry.Target || old.Size != entry.Size)
        {
            return FileChangeKind.Changed;
        }

        if (entry.Type == EntryType.File && entry.Size > 0)
        {
            if (old.Sha256 is not null && entry.Sha256 is not null)
            {
                if (old.Sha256 != entry.Sha256)
                {
                    return FileChangeKind.Changed;
                }
            }
            else if (!SamePieces(from, oldOffset, to, offset, entry.Size))
            {
                return FileChangeKind.PossiblyChanged;
            }
        }

        return old.Mode != entry.Mode || old.ModifiedAt != entry.ModifiedAt ? FileChangeKind.MetadataChanged : null;
    }

    // Equal signatures mean equal bytes, so equal (signature, offset, length) pieces mean an equal file.
    private static bool SamePieces((Manifest Manifest, BlockLayout Layout) from, long fromOffset, (Manifest Manifest, BlockLayout Layout) to, long toOffset, long size)
    {
        var fromPieces = from.Layout.Spans(fromOffset, size).Select(s => (from.Manifest.Blocks[s.Index].Signature, s.Offset, s.Length));
        var toPieces = to.Layout.Spans(toOffset, size).Select(s => (to.Manifest.Blocks[s.Index].Signature, s.Offset, s.Length));
        return fromPieces.SequenceEqual(toPieces);
    }

    private static Dictionary<string, (ManifestEntry Entry, long Offset)> Index(Manifest manifest)
    {
        var offsets = BlockLayout.EntryOffsets(manifest.Entries);
        var index = new Dictionary<string, (ManifestEntry, long)>(manifest.Entries.Count, StringComparer.Ordinal);
        for (var i = 0; i < manifest.Entries.Count; i++)
        {
            index[manifest.Entries[i].Path] = (manifest.Entries[i], offsets[i]);
        }

        return index;
    }
}
