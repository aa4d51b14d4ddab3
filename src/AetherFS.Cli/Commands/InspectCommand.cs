using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs inspect NAME[:TAG]</c>: summarize a version's manifest.</summary>
internal static class InspectCommand
{
    private static readonly Argument<string> Reference = new("reference") { Description = "NAME[:TAG] or NAME@sha256:DIGEST" };

    private static readonly Option<bool> Files = new("--files") { Description = "Also list every entry" };

    private static readonly Option<string?> Compare = new("--compare")
    {
        Description = "Another version (NAME[:TAG] or NAME@DIGEST; a bare :TAG means the same dataset) to count shared blocks and bytes with",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("inspect", "Show a summary of a dataset version's manifest")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Files, Compare, CommonOptions.Json },
            Arguments = { Reference },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var reference = HubResolver.ParseReference(parsed.GetValue(Reference)!);
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
            var (digest, manifest) = await hub.InspectManifestAsync(reference.Name, reference.Digest ?? reference.Tag, cancellationToken);
            ManifestValidator.Validate(manifest);
            var comparison = parsed.GetValue(Compare) is { } compareText
                ? await CompareAsync(hub, reference, digest, manifest, compareText, cancellationToken)
                : null;
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
                manifest.Chunking.MinSize,
                manifest.Chunking.AverageSize,
                manifest.Chunking.MaxSize,
                comparison,
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
            output.Out.WriteLine($"Blocks:       {summary.Blocks} ({summary.UniqueBlocks} unique), {Describe(manifest.Chunking)}");
            if (comparison is not null)
            {
                var percent = comparison.Bytes == 0 ? 100 : 100.0 * comparison.SharedBytes / comparison.Bytes;
                output.Out.WriteLine($"Shared with {comparison.Reference}: {comparison.SharedBlocks} of {comparison.Blocks} blocks, {ByteSize.Format(comparison.SharedBytes)} of {ByteSize.Format(comparison.Bytes)} ({percent:0.0}%)");
                output.Out.WriteLine($"New:          {comparison.NewBlocks} blocks, {ByteSize.Format(comparison.NewBytes)} ({ByteSize.Format(comparison.NewSentBytes)} compressed)");
                output.Out.WriteLine($"Transfer:     {ByteSize.Format(comparison.TransferBytes)}{(comparison.DeltaBlocks > 0 ? $" ({comparison.DeltaBlocks} blocks as deltas)" : string.Empty)}: what a pull downloads after {comparison.Reference}");
            }

            foreach (var entry in entries ?? [])
            {
                output.Out.WriteLine($"  {entry.Mode} {entry.Size,12} {entry.ModifiedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} {entry.Path}{(entry.Type == "directory" ? "/" : string.Empty)}{(entry.Target is null ? string.Empty : " -> " + entry.Target)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<InspectComparison> CompareAsync(HubClient hub, DatasetReference reference, string digest, Manifest manifest, string text, CancellationToken cancellationToken)
    {
        var other = HubResolver.ParseReference(text.StartsWith(':') || text.StartsWith('@') ? reference.Name + text : text);
        var (otherDigest, otherManifest) = await hub.InspectManifestAsync(other.Name, other.Digest ?? other.Tag, cancellationToken);
        ManifestValidator.Validate(otherManifest);
        var sharing = BlockSharing.Compare(manifest, otherManifest);
        var transfer = await hub.GetTransferAsync(digest, otherDigest, cancellationToken);
        return new InspectComparison(other.ToString(), otherDigest, sharing.Blocks, sharing.Bytes, sharing.SharedBlocks, sharing.SharedBytes, sharing.NewBlocks, sharing.NewBytes, transfer.NewSentBytes, transfer.DeltaBlocks,
            // A hub from before deltas leaves TransferSentBytes out (0), which a real transfer of new blocks never is.
            // The manifest comes first, as a delta against OTHER's where the hub sends one.
            (transfer.TransferSentBytes == 0 ? transfer.NewSentBytes : transfer.TransferSentBytes) + transfer.ManifestSentBytes);
    }

    private static string Describe(ChunkingParameters chunking) => chunking.Algorithm == ChunkingParameters.Fixed
        ? $"fixed {ByteSize.Format(chunking.BlockSize)}"
        : $"{chunking.Algorithm} {ByteSize.Format(chunking.MinSize)} / {ByteSize.Format(chunking.AverageSize)} / {ByteSize.Format(chunking.MaxSize)}";
}
