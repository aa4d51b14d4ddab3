using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs stats NAME</c>: a dataset's pulls per tag and per day, its stale tags, and what its versions hold.</summary>
internal static class StatsCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Dataset name" };

    private static readonly Option<string> Since = new("--since")
    {
        Description = "The period to report, back from now, e.g. 7d, 12h (default 30d)",
        DefaultValueFactory = _ => "30d",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("stats", "Show a dataset's pulls per tag and per day, stale tags, and the bytes each version holds and would free")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Since, CommonOptions.Json },
            Arguments = { Name },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var since = parsed.GetValue(Since)!;
            if (!Duration.TryParse(since, out var period) || period < TimeSpan.FromHours(1))
            {
                throw new CliException($"invalid --since '{since}' (examples: 12h, 7d, 30d; at least 1h)");
            }

            var reference = HubResolver.ParseReference(parsed.GetValue(Name)!);

            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
            var stats = await hub.GetStatsAsync(reference.Name, Duration.Format(period), cancellationToken);
            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(stats, CliJsonContext.Default.DatasetStatsResponse));
            }
            else
            {
                StatsReportWriter.Write(stats, output.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
