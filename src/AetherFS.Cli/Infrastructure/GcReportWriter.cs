using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Infrastructure;

/// <summary>A garbage collection report for people: what was (or would be) deleted, in objects and bytes.</summary>
internal static class GcReportWriter
{
    public static void Write(GcReport report, TextWriter output)
    {
        var verb = report.DryRun ? "would delete" : "deleted";
        output.WriteLine(report.DryRun
            ? $"dry run, nothing deleted (grace {report.Grace}, {report.DurationMs} ms)"
            : $"garbage collected (grace {report.Grace}, {report.DurationMs} ms)");
        if (report.ExpiredTags.Count > 0)
        {
            output.WriteLine($"  retention {(report.DryRun ? "would expire" : "expired")} {report.ExpiredTags.Count} tag(s):");
            foreach (var tag in report.ExpiredTags)
            {
                output.WriteLine($"    {tag.Name}:{tag.Tag}  {tag.Digest}  {tag.Reason}");
            }
        }

        WriteLine(output, "manifests", report.Manifests, verb);
        WriteLine(output, "blocks", report.Blocks, verb);
        var packs = report.Packs;
        output.WriteLine(
            $"  {"packs",-9} {packs.Examined} examined, {packs.Kept} kept, {(report.DryRun ? "would rewrite" : "rewrote")} {packs.Rewritten} " +
            $"(read {ByteSize.Format(packs.ReadBytes)}, wrote {ByteSize.Format(packs.WrittenBytes)}), {verb} {packs.Deleted}; " +
            $"{(report.DryRun ? "would free" : "freed")} {ByteSize.Format(packs.FreedBytes)}");
        output.WriteLine($"  {verb} {report.Manifests.Deleted} manifests and {report.Blocks.Deleted} blocks, {ByteSize.Format(report.Manifests.DeletedBytes + report.Blocks.DeletedBytes)}");
    }

    private static void WriteLine(TextWriter output, string kind, GcObjectReport counts, string verb) =>
        output.WriteLine(
            $"  {kind,-9} {counts.Examined} examined, {counts.Kept} kept ({counts.Referenced} referenced, {counts.Young} young, {counts.Claimed} claimed; {ByteSize.Format(counts.KeptBytes)}), " +
            $"{verb} {counts.Deleted} ({ByteSize.Format(counts.DeletedBytes)})");
}
