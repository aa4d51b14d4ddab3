using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Blocks;

namespace AetherFS.Core.Manifests;

/// <summary>
/// Pairs removed and added files whose bytes the manifests alone show equal: the same recorded SHA-256, or the
/// same pieces of the same blocks. Cheap, and never wrong; a file that moved across block boundaries (its
/// neighbours in the packed stream changed) is not recognised, because telling would mean reading it.
/// </summary>
public static class RenameDetector
{
    public static IReadOnlyList<FileRename> Detect(Manifest from, Manifest to, IReadOnlyList<FileChange> changes)
    {
        var removed = changes.Where(c => c.Kind == FileChangeKind.Removed && IsFile(c.From!)).Select(c => c.From!).ToList();
        var added = changes.Where(c => c.Kind == FileChangeKind.Added && IsFile(c.To!)).Select(c => c.To!).ToList();
        var sizes = added.Select(e => e.Size).ToHashSet();
        removed.RemoveAll(e => !sizes.Contains(e.Size));
        if (removed.Count == 0)
        {
            return [];
        }

        var fromSignatures = new ContentSignatures(from);
        var candidates = new Dictionary<string, Queue<ManifestEntry>>(StringComparer.Ordinal);
        foreach (var entry in removed)
        {
            var key = fromSignatures.Of(entry);
            if (!candidates.TryGetValue(key, out var queue))
            {
                candidates[key] = queue = new Queue<ManifestEntry>();
            }

            queue.Enqueue(entry);
        }

        var toSignatures = new ContentSignatures(to);
        var renames = new List<FileRename>();
        var removedSizes = removed.Select(e => e.Size).ToHashSet();
        foreach (var entry in added.Where(e => removedSizes.Contains(e.Size)))
        {
            if (candidates.TryGetValue(toSignatures.Of(entry), out var queue) && queue.TryDequeue(out var source))
            {
                renames.Add(new FileRename(source, entry));
            }
        }

        return renames;
    }

    private static bool IsFile(ManifestEntry entry) => entry.Type == EntryType.File && entry.Size > 0;

    // A file's identity from its manifest: its recorded SHA-256, else a hash of its (block, offset, length) pieces.
    private sealed class ContentSignatures
    {
        private readonly Manifest _manifest;
        private readonly BlockLayout _layout;
        private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);

        public ContentSignatures(Manifest manifest)
        {
            _manifest = manifest;
            _layout = new BlockLayout(manifest.Blocks);
            var offsets = BlockLayout.EntryOffsets(manifest.Entries);
            for (var i = 0; i < manifest.Entries.Count; i++)
            {
                _offsets[manifest.Entries[i].Path] = offsets[i];
            }
        }

        public string Of(ManifestEntry entry)
        {
            if (entry.Sha256 is not null)
            {
                return "sha256:" + entry.Sha256;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var span in _layout.Spans(_offsets[entry.Path], entry.Size))
            {
                hash.AppendData(Encoding.ASCII.GetBytes($"{_manifest.Blocks[span.Index].Signature}:{span.Offset}:{span.Length};"));
            }

            return "pieces:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }
}
