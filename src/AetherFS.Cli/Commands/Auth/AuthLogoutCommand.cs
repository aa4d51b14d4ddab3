using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Auth;

/// <summary><c>aetherfs auth logout [HUB]</c>: forgets the stored credentials of one hub.</summary>
internal static class AuthLogoutCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("logout", "Forget the stored credentials of a hub") { Arguments = { AuthCommand.Hub } };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var hub = HubResolver.Resolve(parsed.GetValue(AuthCommand.Hub));
            var removed = await HubConnections.Store().RemoveAsync(hub, cancellationToken);
            var name = Client.Credentials.CredentialStore.KeyOf(hub);
            output.Out.WriteLine(removed ? $"logged out of {name}" : $"not logged in to {name}");
            return ExitCodes.Success;
        });
        return command;
    }
}
