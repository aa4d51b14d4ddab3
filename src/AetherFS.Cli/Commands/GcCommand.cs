using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs gc</c>: have the hub apply retention policies and delete what no tag references.</summary>
internal static class GcCommand
{
    public static readonly Option<string?> Grace = new("--grace")
    {
        Description = "Keep unreferenced objects younger than this, e.g. 1h (default: the hub's --gc-grace, 1h); 0s keeps none",
    };

    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Report what would be deleted, delete nothing" };

    private static readonly Option<int?> MaxUnused = new("--max-unused")
    {
        Description = "Rewrite packs whose dead bytes exceed this percentage (default: the hub's --gc-max-unused, 50); 0 rewrites every pack holding deleted data",
        CustomParser = result => OptionValues.Percent(result, result.Tokens.Single().Value, "--max-unused"),
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("gc", "Collect garbage on the hub: expire tags by retention policy, delete unreferenced manifests and blocks")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, DryRun, Grace, MaxUnused, CommonOptions.Json },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var grace = GraceOf(parsed);
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
            var dryRun = parsed.GetValue(DryRun);
            var report = await ProgressDisplay.StatusAsync(output, !parsed.GetValue(CommonOptions.Json), dryRun ? "gc: finding garbage on the hub (dry run)" : "gc: collecting garbage on the hub", () =>
                hub.CollectGarbageAsync(new GcRequest(dryRun, grace, parsed.GetValue(MaxUnused)), cancellationToken));
            Print(report, parsed.GetValue(CommonOptions.Json), output);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>--grace, checked here and sent as the hub reads it; null leaves the hub's default.</summary>
    public static string? GraceOf(ParseResult parsed) =>
        parsed.GetValue(Grace) is { } text ? FormatGrace(DurationArgument.Parse("--grace", text)) : null;

    public static void Print(GcReport report, bool json, ICliOutput output)
    {
        if (json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(report, CliJsonContext.Default.GcReport));
        }
        else
        {
            GcReportWriter.Write(report, output.Out);
        }
    }

    private static string FormatGrace(TimeSpan grace) => grace == TimeSpan.Zero ? "0s" : Duration.Format(grace);
}
