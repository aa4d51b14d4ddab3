using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;

namespace AetherFS.Cli.Commands.Diff;

/// <summary><c>aetherfs diff NAME:A NAME:B</c>: what changed between two versions and what a pull of B after A downloads.</summary>
internal static class DiffCommand
{
    private static readonly Argument<string> From = new("from") { Description = "The older version: NAME[:TAG] or NAME@sha256:DIGEST" };

    private static readonly Argument<string> To = new("to")
    {
        Description = "The newer version: NAME[:TAG], NAME@sha256:DIGEST, or of the same dataset TAG, :TAG or @sha256:DIGEST",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("diff", "Show the files and blocks that differ between two versions, and what a pull of the second after the first downloads")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.Json },
            Arguments = { From, To },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var from = HubResolver.ParseReference(parsed.GetValue(From)!);
            var to = ParseOther(from, parsed.GetValue(To)!);
            if (to.Host is not null && to.Host != from.Host)
            {
                throw new CliException("diff compares two versions on one hub: name the second without a host, or with the first one's");
            }

            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), from));
            var (fromDigest, fromManifest) = await hub.InspectManifestAsync(from.Name, from.Digest ?? from.Tag, cancellationToken);
            var (toDigest, toManifest) = await hub.InspectManifestAsync(to.Name, to.Digest ?? to.Tag, cancellationToken);
            ManifestValidator.Validate(fromManifest);
            ManifestValidator.Validate(toManifest);
            var transfer = await hub.GetTransferAsync(toDigest, fromDigest, cancellationToken);
            var report = DiffReportBuilder.Build(
                new DiffVersion(from.ToString(), fromDigest, fromManifest.FileCount, fromManifest.TotalSize),
                fromManifest,
                new DiffVersion(to.ToString(), toDigest, toManifest.FileCount, toManifest.TotalSize),
                toManifest,
                transfer);

            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(report, DiffJsonContext.Default.DiffReport));
            }
            else
            {
                DiffTextWriter.Write(report, output.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // The second version is usually of the same dataset: a bare tag, :TAG or @DIGEST names it there.
    private static DatasetReference ParseOther(DatasetReference from, string text)
    {
        if (text.StartsWith(':') || text.StartsWith('@'))
        {
            return HubResolver.ParseReference(from.Name + text);
        }

        return text.Contains(':') || text.Contains('@') || text.Contains('/')
            ? HubResolver.ParseReference(text)
            : HubResolver.ParseReference(from.Name + ":" + text);
    }
}
