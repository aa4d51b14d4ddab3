using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands;

/// <summary>
/// <c>aetherfs rm NAME:TAG</c> deletes a tag; <c>aetherfs rm NAME@sha256:DIGEST</c> deletes a version (every tag of
/// the dataset pointing at it). The data stays until garbage collection, which <c>--gc</c> runs at once.
/// </summary>
internal static class RmCommand
{
    private static readonly Argument<string> Reference = new("reference")
    {
        Description = "NAME:TAG to delete one tag (the tag must be explicit), or NAME@sha256:DIGEST to delete that version: every tag of NAME pointing at it",
    };

    private static readonly Option<bool> Gc = new("--gc") { Description = "Then collect garbage on the hub, so the deleted version's data goes now" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("rm", "Delete a tag, or a version with all its tags")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Gc, GcCommand.Grace },
            Arguments = { Reference },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var text = parsed.GetValue(Reference)!;
            var reference = HubResolver.ParseReference(text);
            if (reference.Digest is null && !text[(text.LastIndexOf('/') + 1)..].Contains(':', StringComparison.Ordinal))
            {
                throw new CliException($"'{text}' names no tag: give NAME:TAG (one tag) or NAME@sha256:DIGEST (a version and all its tags)");
            }

            var collect = parsed.GetValue(Gc);
            var grace = GcCommand.GraceOf(parsed);
            if (grace is not null && !collect)
            {
                throw new CliException("--grace applies to the collection: give --gc too");
            }

            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
            if (reference.Digest is { } digest)
            {
                var deleted = await hub.DeleteVersionAsync(reference.Name, digest, cancellationToken);
                output.Out.WriteLine($"deleted {reference.Name}@{deleted.Digest} (tags: {string.Join(", ", deleted.DeletedTags)})");
            }
            else
            {
                await hub.DeleteTagAsync(reference.Name, reference.Tag, cancellationToken);
                output.Out.WriteLine($"deleted {reference}");
            }

            if (collect)
            {
                GcReportWriter.Write(await hub.CollectGarbageAsync(new GcRequest(DryRun: false, grace, MaxUnused: 0), cancellationToken), output.Out);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
