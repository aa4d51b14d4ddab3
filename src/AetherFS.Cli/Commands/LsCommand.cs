using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs ls</c>: the datasets on a hub.</summary>
internal static class LsCommand
{
    private const int PageSize = 500;

    public static Command Create(ICliOutput output)
    {
        var command = new Command("ls", "List the datasets on a hub") { Options = { CommonOptions.Hub, CommonOptions.Json } };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var hub = new HubClient(HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
            var datasets = new List<DatasetSummary>();
            string? after = null;
            do
            {
                var page = await hub.ListDatasetsAsync(PageSize, after, cancellationToken);
                datasets.AddRange(page.Datasets);
                after = page.Next;
            }
            while (after is not null);

            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(datasets, CliJsonContext.Default.ListDatasetSummary));
            }
            else
            {
                datasets.ForEach(d => output.Out.WriteLine(d.Name));
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
