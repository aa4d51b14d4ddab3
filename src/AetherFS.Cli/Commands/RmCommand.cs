using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs rm NAME:TAG</c>: delete a tag (its data stays until garbage collection).</summary>
internal static class RmCommand
{
    private static readonly Argument<string> Reference = new("reference") { Description = "NAME:TAG to delete; the tag must be explicit" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("rm", "Delete a tag") { Options = { CommonOptions.Hub }, Arguments = { Reference } };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var text = parsed.GetValue(Reference)!;
            var reference = HubResolver.ParseReference(text);
            if (reference.Digest is not null || !text[(text.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal))
            {
                throw new CliException($"'{text}' names no tag: give NAME:TAG (rm deletes exactly one tag)");
            }

            using var hub = new HubClient(HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
            await hub.DeleteTagAsync(reference.Name, reference.Tag, cancellationToken);
            output.Out.WriteLine($"deleted {reference}");
            return ExitCodes.Success;
        });
        return command;
    }
}
