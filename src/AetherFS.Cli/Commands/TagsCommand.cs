using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs tags NAME</c>: a dataset's tags with digest and publish time.</summary>
internal static class TagsCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Dataset name" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("tags", "List the tags of a dataset") { Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.Json }, Arguments = { Name } };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var reference = HubResolver.ParseReference(parsed.GetValue(Name)!);
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
            var tags = await hub.ListTagsAsync(reference.Name, cancellationToken);
            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(tags, CliJsonContext.Default.TagListResponse));
                return ExitCodes.Success;
            }

            var width = Math.Max(3, tags.Tags.Max(t => t.Tag.Length));
            output.Out.WriteLine($"{"TAG".PadRight(width)}  {"DIGEST",-71}  PUBLISHED");
            foreach (var tag in tags.Tags)
            {
                output.Out.WriteLine($"{tag.Tag.PadRight(width)}  {tag.Digest,-71}  {tag.PublishedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
