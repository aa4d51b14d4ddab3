using AetherFS.Core.Manifests;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands.Diff;

/// <summary>Builds a diff from two manifests (which settle the file changes) and the hub's transfer figures.</summary>
internal static class DiffReportBuilder
{
    public static DiffReport Build(DiffVersion fromVersion, Manifest from, DiffVersion toVersion, Manifest to, TransferReport transfer)
    {
        var changes = ManifestDiff.Compare(from, to);
        var renames = RenameDetector.Detect(from, to, changes);
        var renamedFrom = renames.Select(r => r.From.Path).ToHashSet(StringComparer.Ordinal);
        var renamedTo = renames.ToDictionary(r => r.To.Path, r => r.From, StringComparer.Ordinal);

        var entries = new List<DiffEntry>(changes.Count);
        foreach (var change in changes)
        {
            if (change.Kind == FileChangeKind.Removed && renamedFrom.Contains(change.Path))
            {
                continue;
            }

            if (change.Kind == FileChangeKind.Added && renamedTo.TryGetValue(change.Path, out var source))
            {
                entries.Add(new DiffEntry(change.Path, "renamed", TypeOf(change.To!), change.To!.Size, source.Size, 0, source.Path));
                continue;
            }

            var size = SizeOf(change.To);
            var previous = SizeOf(change.From);
            entries.Add(new DiffEntry(change.Path, KindOf(change.Kind), TypeOf(change.To ?? change.From!), size, previous, (size ?? 0) - (previous ?? 0)));
        }

        var counts = new DiffFileCounts(
            entries.Count(e => e.Change == "added"),
            entries.Count(e => e.Change == "removed"),
            entries.Count(e => e.Change == "changed"),
            entries.Count(e => e.Change == "possiblyChanged"),
            entries.Count(e => e.Change == "renamed"),
            entries.Count(e => e.Change == "metadataChanged"),
            entries.Where(e => e.Change == "added").Sum(e => e.Size ?? 0),
            entries.Where(e => e.Change == "removed").Sum(e => e.PreviousSize ?? 0));
        // A hub from before deltas leaves TransferSentBytes out (0), which a real transfer of new blocks never is. The
        // manifest comes first, as a delta against A's where the hub sends one.
        var transferBytes = (transfer.TransferSentBytes == 0 ? transfer.NewSentBytes : transfer.TransferSentBytes) + transfer.ManifestSentBytes;
        return new DiffReport(fromVersion, toVersion, counts, transfer, transferBytes, entries);
    }

    // Directories and symlinks carry no bytes: their sizes are left out rather than shown as 0.
    private static long? SizeOf(ManifestEntry? entry) => entry is { Type: EntryType.File } ? entry.Size : null;

    private static string TypeOf(ManifestEntry entry) => entry.Type.ToString().ToLowerInvariant();

    private static string KindOf(FileChangeKind kind) => kind switch
    {
        FileChangeKind.Added => "added",
        FileChangeKind.Removed => "removed",
        FileChangeKind.Changed => "changed",
        FileChangeKind.PossiblyChanged => "possiblyChanged",
        FileChangeKind.MetadataChanged => "metadataChanged",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
