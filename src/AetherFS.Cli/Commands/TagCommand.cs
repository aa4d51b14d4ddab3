using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs tag SRC DST</c>: point another tag at an existing version, uploading nothing.</summary>
internal static class TagCommand
{
    private static readonly Argument<string> SourceReference = new("source") { Description = "Existing NAME[:TAG] or NAME@sha256:DIGEST" };

    private static readonly Argument<string> TargetReference = new("target") { Description = "NAME[:TAG] to create or move" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("tag", "Tag an existing dataset version under another name or tag")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile },
            Arguments = { SourceReference, TargetReference },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var source = HubResolver.ParseReference(parsed.GetValue(SourceReference)!);
            var target = HubResolver.ParseReference(parsed.GetValue(TargetReference)!);
            if (target.Digest is not null)
            {
                throw new CliException($"cannot tag as '{target}': the target needs a tag, not a digest");
            }

            var hubOption = parsed.GetValue(CommonOptions.Hub);
            var hubUrl = HubResolver.Resolve(hubOption, source);
            if (hubUrl != HubResolver.Resolve(hubOption, target.Host is null ? source : target))
            {
                throw new CliException("source and target are on different hubs: pull and push to copy between hubs");
            }

            using var hub = HubConnections.Open(parsed, hubUrl);
            var (digest, _) = await hub.InspectManifestAsync(source.Name, source.Digest ?? source.Tag, cancellationToken);
            // A push id of its own: the hub claims the version until the tag is written, then releases the claim.
            await hub.PutTagAsync(target.Name, target.Tag, digest, $"{Environment.UserName}@{Environment.MachineName}", Guid.NewGuid().ToString("N"), cancellationToken);
            output.Out.WriteLine($"tagged {target} {digest}");
            return ExitCodes.Success;
        });
        return command;
    }
}
