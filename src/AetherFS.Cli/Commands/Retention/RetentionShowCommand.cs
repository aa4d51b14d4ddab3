using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands.Retention;

/// <summary><c>aetherfs retention show NAME</c>.</summary>
internal static class RetentionShowCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("show", "Show the retention policy of a dataset")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.Json },
            Arguments = { RetentionCommand.Name },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var dataset = RetentionCommand.Dataset(parsed);
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), dataset));
            var policy = await hub.GetRetentionAsync(dataset.Name, cancellationToken);
            output.Out.WriteLine(parsed.GetValue(CommonOptions.Json)
                ? JsonSerializer.Serialize(policy, CliJsonContext.Default.RetentionPolicyInfo)
                : $"retention of {policy.Name}: {Describe(policy)}");
            return ExitCodes.Success;
        });
        return command;
    }

    public static string Describe(RetentionPolicyInfo policy)
    {
        var rules = new List<string>();
        if (policy.KeepLast is { } keep)
        {
            rules.Add($"keep the newest {keep}");
        }

        if (policy.MaxAge is { } age)
        {
            rules.Add($"expire after {age}");
        }

        if (rules.Count == 0)
        {
            return "none (every tag is kept)";
        }

        if (policy.Protect.Count > 0)
        {
            rules.Add($"protect {string.Join(", ", policy.Protect)}");
        }

        return string.Join("; ", rules);
    }
}
