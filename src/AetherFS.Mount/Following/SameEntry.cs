using AetherFS.Core.Manifests;
using AetherFS.Mount.Trees;
using AetherFS.Serving.Versions;

namespace AetherFS.Mount.Following;

/// <summary>
/// Whether a path shows the same thing in two versions, so its inode (and the kernel's cached pages) can be kept:
/// same type, mode, size, mtime and target, and for a file the same bytes.
/// </summary>
internal static class SameEntry
{
    public static bool Equal(ManifestIndex before, TreeNode beforeNode, ManifestIndex after, TreeNode afterNode, string path)
    {
        if (beforeNode.Kind != afterNode.Kind || beforeNode.Permissions != afterNode.Permissions || beforeNode.Size != afterNode.Size
            || beforeNode.ModifiedTime != afterNode.ModifiedTime || beforeNode.SymlinkTarget != afterNode.SymlinkTarget)
        {
            return false;
        }

        if (beforeNode.Kind != NodeKind.File || afterNode.Size == 0)
        {
            return true;
        }

        var old = before.Find(path);
        var current = after.Find(path);
        if (old is null || current is null)
        {
            return false;
        }

        // A recorded digest settles it; otherwise the same bytes are the same blocks, cut at the same places.
        if (old.Sha256 is not null && current.Sha256 is not null)
        {
            return string.Equals(old.Sha256, current.Sha256, StringComparison.OrdinalIgnoreCase);
        }

        return SameBlocks(before, old, after, current);
    }

    private static bool SameBlocks(ManifestIndex before, ManifestEntry old, ManifestIndex after, ManifestEntry current)
    {
        using var oldSpans = before.Layout.Spans(before.OffsetOf(old), old.Size).GetEnumerator();
        using var newSpans = after.Layout.Spans(after.OffsetOf(current), current.Size).GetEnumerator();
        while (true)
        {
            var oldMore = oldSpans.MoveNext();
            if (oldMore != newSpans.MoveNext())
            {
                return false;
            }

            if (!oldMore)
            {
                return true;
            }

            var (a, b) = (oldSpans.Current, newSpans.Current);
            if (a.Offset != b.Offset || a.Length != b.Length
                || before.Manifest.Blocks[a.Index].Signature != after.Manifest.Blocks[b.Index].Signature)
            {
                return false;
            }
        }
    }
}
