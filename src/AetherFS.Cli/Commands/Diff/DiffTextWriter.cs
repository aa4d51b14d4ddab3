using System.Globalization;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Commands.Diff;

/// <summary>The text form of a diff: a summary in three lines, then one line per path that differs.</summary>
internal static class DiffTextWriter
{
    public static void Write(DiffReport report, TextWriter output)
    {
        var (files, blocks) = (report.Files, report.Blocks);
        output.WriteLine($"{report.From.Reference} -> {report.To.Reference}");
        var notes = new List<string>();
        if (files.Renamed > 0)
        {
            notes.Add($"{files.Renamed} renamed");
        }

        if (files.PossiblyChanged > 0)
        {
            notes.Add($"{files.PossiblyChanged} of the same size in other blocks, not read");
        }

        if (files.MetadataChanged > 0)
        {
            notes.Add($"{files.MetadataChanged} with only mode or time changed");
        }

        output.WriteLine(
            $"Files    +{files.Added} -{files.Removed} ~{files.Changed + files.PossiblyChanged}{(notes.Count == 0 ? string.Empty : $" ({string.Join("; ", notes)})")}   "
            + $"{ByteSize.Format(report.From.Bytes)} -> {ByteSize.Format(report.To.Bytes)} ({Delta(report.To.Bytes - report.From.Bytes)})");
        var reused = blocks.Blocks == 0 ? 100 : 100.0 * blocks.SharedBlocks / blocks.Blocks;
        output.WriteLine(
            $"Blocks   reused {reused.ToString("0.0", CultureInfo.InvariantCulture)}% ({Count(blocks.SharedBlocks)}/{Count(blocks.Blocks)}, {ByteSize.Format(blocks.SharedBytes)}); "
            + $"new {Count(blocks.NewBlocks)}: {ByteSize.Format(blocks.NewBytes)} raw / {ByteSize.Format(blocks.NewSentBytes)} compressed"
            + (blocks.DeltaBlocks > 0 ? $"; {Count(blocks.DeltaBlocks)} of them as deltas against {report.From.Reference}: {ByteSize.Format(blocks.DeltaSentBytes)}" : string.Empty));
        output.WriteLine($"Transfer a pull of {report.To.Reference} after {report.From.Reference} downloads {ByteSize.Format(report.TransferBytes)} ({report.TransferBytes} bytes)");

        foreach (var entry in report.Changes)
        {
            var path = entry.Type == "directory" ? entry.Path + "/" : entry.Path;
            output.WriteLine(entry.Change switch
            {
                "added" => $"  + {path}{Size(entry.Size)}",
                "removed" => $"  - {path}{Size(entry.PreviousSize)}",
                "renamed" => $"  > {entry.PreviousPath} -> {path}{Size(entry.Size)}",
                "metadataChanged" => $"  m {path} (mode or time)",
                "possiblyChanged" => $"  ? {path}{Size(entry.Size)} (same size, other blocks)",
                _ => entry.Size is { } size && entry.PreviousSize is { } previous
                    ? $"  ~ {path}  {ByteSize.Format(previous)} -> {ByteSize.Format(size)} ({Delta(entry.SizeDelta)})"
                    : $"  ~ {path}",
            });
        }
    }

    private static string Size(long? size) => size is { } bytes ? $"  {ByteSize.Format(bytes)}" : string.Empty;

    private static string Delta(long bytes) => (bytes < 0 ? "-" : "+") + ByteSize.Format(Math.Abs(bytes));

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
