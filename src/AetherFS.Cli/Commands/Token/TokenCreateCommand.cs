using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands.Token;

/// <summary>
/// <c>aetherfs token create --name ci --datasets maxmind --actions read,write [--expires 90d]</c>: prints the token,
/// alone on stdout (so <c>TOKEN=$(aetherfs token create ...)</c> works); the hub never shows it again.
/// </summary>
internal static class TokenCreateCommand
{
    private static readonly Option<string> Name = new("--name") { Description = "The token's name, unique among yours (1 to 64 of A-Z a-z 0-9 . _ -)", Required = true };

    private static readonly Option<string> Datasets = new("--datasets")
    {
        Description = "Dataset patterns the token may reach, comma-separated (as in --auth-config: maxmind, public/**, team/*)",
        Required = true,
    };

    private static readonly Option<string> Actions = new("--actions") { Description = "What it may do there, comma-separated: read, write, delete, admin", Required = true };

    private static readonly Option<string?> Expires = new("--expires") { Description = "Refuse the token after this long, e.g. 90d (default: never)" };

    private static readonly Option<string?> Owner = TokenCommand.Owner("Create it for this user (admins only; default: you)");

    public static Command Create(ICliOutput output)
    {
        var command = new Command("create", "Create an API token and print it (once); it can do no more than its owner")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Name, Datasets, Actions, Expires, Owner, CommonOptions.Json },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var expires = parsed.GetValue(Expires) is { } text ? Duration.Format(DurationArgument.Parse("--expires", text)) : null;
            var request = new CreateTokenRequest(parsed.GetValue(Name), List(parsed.GetValue(Datasets)), List(parsed.GetValue(Actions)), expires, parsed.GetValue(Owner));
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
            var created = await hub.CreateTokenAsync(request, cancellationToken);
            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(created, CliJsonContext.Default.CreatedTokenResponse));
                return ExitCodes.Success;
            }

            output.Out.WriteLine(created.Token);
            output.Error.WriteLine($"created token '{created.Info.Name}' for {created.Info.Owner} ({TokenListCommand.Describe(created.Info)}); keep it now, the hub will not show it again");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string[] List(string? text) => text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
