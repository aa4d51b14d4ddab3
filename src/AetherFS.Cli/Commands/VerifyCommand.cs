using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands;

/// <summary>
/// <c>aetherfs verify</c>: have the hub verify every stored block and manifest, quarantining corrupt blocks so that the
/// next push holding them repairs them. Exits <see cref="ExitCodes.Corrupt"/> when anything bad was found.
/// </summary>
internal static class VerifyCommand
{
    private const string RateExamples = "10MiB, 50MiB, 1GiB";

    private static readonly Option<long?> Rate = new("--rate")
    {
        Description = "Read at most this many bytes per second, e.g. 50MiB (default: no limit)",
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, RateExamples, minimum: 1),
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("verify", "Verify every block and manifest the hub stores; quarantine corrupt blocks so a push of the same data repairs them")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Rate, CommonOptions.Json },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
            var report = await hub.VerifyStoreAsync(new VerifyRequest(parsed.GetValue(Rate)), cancellationToken);
            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.VerifyReport));
            }
            else
            {
                Write(report, output.Out);
            }

            if (report.BadBlockCount == 0 && report.BadManifestCount == 0)
            {
                return ExitCodes.Success;
            }

            output.Error.WriteLine($"aetherfs: error: the hub's store holds {report.BadBlockCount} corrupt block(s) and {report.BadManifestCount} bad manifest(s); push the affected data again to repair it");
            return ExitCodes.Corrupt;
        });
        return command;
    }

    private static void Write(VerifyReport report, TextWriter output)
    {
        var rate = report.MaxBytesPerSecond is { } limit ? $", at most {ByteSize.Format(limit)}/s" : string.Empty;
        output.WriteLine($"verified {report.Packs} packs ({report.Blocks} blocks) and {report.Manifests} manifests, {ByteSize.Format(report.Bytes)} in {report.DurationMs} ms{rate}");
        output.WriteLine($"  {report.BadBlockCount} corrupt block(s), quarantined; {report.BadManifestCount} bad manifest(s)");
        foreach (var block in report.BadBlocks)
        {
            output.WriteLine($"  block {block.Signature} in pack {block.Pack}: {block.Reason}");
        }

        foreach (var manifest in report.BadManifests)
        {
            output.WriteLine($"  manifest {manifest.Digest}: {manifest.Reason}");
        }

        if (report.BadBlockCount + report.BadManifestCount > report.BadBlocks.Count + report.BadManifests.Count)
        {
            output.WriteLine($"  (the first {VerifyReport.MaxListed} of each are listed)");
        }
    }
}
