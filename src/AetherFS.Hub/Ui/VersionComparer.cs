using AetherFS.Serving.Versions;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Datasets;

namespace AetherFS.Hub.Ui;

/// <summary>
/// Compares two versions for the comparison page. The manifests settle most paths; a file of the same size laid
/// out in other blocks is read from both versions and hashed, within a budget, so "changed" means changed.
/// </summary>
internal sealed class VersionComparer
{
    /// <summary>The most bytes read (from both versions together) to tell possibly-changed files apart.</summary>
    public const long ReadBudget = 256L * 1024 * 1024;

    private readonly FileRangeReader _files;

    public VersionComparer(FileRangeReader files) => _files = files;

    public async Task<VersionComparison> CompareAsync(ManifestIndex from, ManifestIndex to, CancellationToken cancellationToken)
    {
        var changes = new List<FileChange>();
        var budget = ReadBudget;
        var unverified = 0;
        foreach (var change in ManifestDiff.Compare(from.Manifest, to.Manifest))
        {
            if (change.Kind != FileChangeKind.PossiblyChanged)
            {
                changes.Add(change);
                continue;
            }

            var size = change.To!.Size;
            if (budget < 2 * size)
            {
                unverified++;
                changes.Add(change with { Kind = FileChangeKind.Changed });
                continue;
            }

            budget -= 2 * size;
            var before = await HashAsync(from, change.From!, cancellationToken);
            var after = await HashAsync(to, change.To, cancellationToken);
            var same = before.AsSpan().SequenceEqual(after);
            if (!same)
            {
                changes.Add(change with { Kind = FileChangeKind.Changed });
            }
            else if (change.From!.Mode != change.To.Mode || change.From.ModifiedAt != change.To.ModifiedAt)
            {
                changes.Add(change with { Kind = FileChangeKind.MetadataChanged });
            }
        }

        return new VersionComparison(changes, BlockSharing.Compare(to.Manifest, from.Manifest), unverified);
    }

    private async Task<byte[]> HashAsync(ManifestIndex version, ManifestEntry file, CancellationToken cancellationToken)
    {
        using var hash = new HashingSink();
        await _files.CopyAsync(version, file, 0, file.Size, hash, cancellationToken);
        return hash.Finish();
    }
}
