using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands.Retention;

/// <summary><c>aetherfs retention clear NAME</c>: remove the policy; gc then keeps every tag.</summary>
internal static class RetentionClearCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("clear", "Remove the retention policy of a dataset")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile },
            Arguments = { RetentionCommand.Name },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var dataset = RetentionCommand.Dataset(parsed);
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), dataset));
            await hub.DeleteRetentionAsync(dataset.Name, cancellationToken);
            output.Out.WriteLine($"retention of {dataset.Name}: none (every tag is kept)");
            return ExitCodes.Success;
        });
        return command;
    }
}
