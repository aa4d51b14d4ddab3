using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands.Retention;

/// <summary><c>aetherfs retention set NAME --keep-last N --max-age 90d [--protect stable,latest]</c>.</summary>
internal static class RetentionSetCommand
{
    private static readonly Option<int?> KeepLast = new("--keep-last") { Description = "Keep the newest N unprotected tags; gc expires the others" };

    private static readonly Option<string?> MaxAge = new("--max-age") { Description = "Expire unprotected tags published longer ago than this, e.g. 90d" };

    private static readonly Option<string?> Protect = new("--protect")
    {
        Description = "Tags retention never removes, comma-separated; * and ? are wildcards (e.g. stable,latest,v1.*)",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("set", "Set the retention policy of a dataset (replaces the one before)")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, KeepLast, MaxAge, Protect },
            Arguments = { RetentionCommand.Name },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var dataset = RetentionCommand.Dataset(parsed);
            var keepLast = parsed.GetValue(KeepLast);
            var maxAge = parsed.GetValue(MaxAge) is { } text ? Duration.Format(DurationArgument.Parse("--max-age", text)) : null;
            if (keepLast is null && maxAge is null)
            {
                throw new CliException("give --keep-last, --max-age or both (retention clear removes the policy)");
            }

            var protect = parsed.GetValue(Protect)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), dataset));
            var policy = await hub.PutRetentionAsync(dataset.Name, new RetentionPolicyRequest(keepLast, maxAge, protect), cancellationToken);
            output.Out.WriteLine($"retention of {policy.Name}: {RetentionShowCommand.Describe(policy)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
