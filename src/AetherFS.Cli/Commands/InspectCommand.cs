using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs inspect NAME[:TAG]</c>: summarize a version's manifest.</summary>
internal static class InspectCommand
{
    private static readonly Argument<string> Reference = new("reference") { Description = "NAME[:TAG] or NAME@sha256:DIGEST" };

    private static readonly Option<bool> Files = new("--files") { Description = "Also list every entry" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("inspect", "Show a summary of a dataset version's manifest")
        {
            Options = { CommonOptions.Hub, Files, CommonOptions.Json },
            Arguments = { Reference },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var reference = HubResolver.ParseReference(parsed.GetValue(Reference)!);
            using var hub = new HubClient(HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
            var (digest, bytes) = await hub.GetManifestAsync(reference.Name, reference.Digest ?? reference.Tag, cancellationToken);
            var manifest = ManifestSerializer.Parse(bytes);
            ManifestValidator.Validate(manifest);
            var entries = parsed.GetValue(Files)
                ? manifest.Entries.Select(e => new InspectEntry(e.Path, e.Type.ToString().ToLowerInvariant(), e.Size, Convert.ToString(e.Mode, 8).PadLeft(4, '0'), e.ModifiedAt, e.Target, e.Sha256)).ToList()
                : null;
            var summary = new InspectSummary(
                reference.Name,
                reference.Digest is null ? reference.Tag : null,
                digest,
                manifest.FileCount,
                manifest.Entries.Count(e => e.Type == EntryType.Directory),
                manifest.Entries.Count(e => e.Type == EntryType.Symlink),
                manifest.TotalSize,
                manifest.Blocks.Count,
                manifest.Blocks.Select(b => b.Signature).Distinct().Count(),
                manifest.Chunking.Algorithm,
                manifest.Chunking.BlockSize,
                entries);

            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(summary, CliJsonContext.Default.InspectSummary));
                return ExitCodes.Success;
            }

            output.Out.WriteLine($"Reference:    {reference}");
            output.Out.WriteLine($"Digest:       {digest}");
            output.Out.WriteLine($"Files:        {summary.Files} ({summary.Directories} directories, {summary.Symlinks} symlinks)");
            output.Out.WriteLine($"Size:         {ByteSize.Format(summary.Bytes)} ({summary.Bytes} bytes)");
            output.Out.WriteLine($"Blocks:       {summary.Blocks} ({summary.UniqueBlocks} unique), {summary.Chunking} {ByteSize.Format(summary.BlockSize)}");
            foreach (var entry in entries ?? [])
            {
                output.Out.WriteLine($"  {entry.Mode} {entry.Size,12} {entry.ModifiedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {entry.Path}{(entry.Type == "directory" ? "/" : string.Empty)}{(entry.Target is null ? string.Empty : " -> " + entry.Target)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
