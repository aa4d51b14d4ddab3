using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands.Token;

/// <summary><c>aetherfs token list</c>: your tokens (an admin's: everyone's), with scopes and expiry; never a secret.</summary>
internal static class TokenListCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("list", "List your API tokens (admins: every user's), without their secrets")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.Json },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
            var list = await hub.ListTokensAsync(cancellationToken);
            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(list, CliJsonContext.Default.TokenListResponse));
                return ExitCodes.Success;
            }

            if (list.Tokens.Count == 0)
            {
                output.Out.WriteLine("no tokens");
            }

            foreach (var token in list.Tokens)
            {
                output.Out.WriteLine($"{token.Name}\t{token.Owner}\t{Describe(token)}\tcreated {Format(token.Created)}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static string Describe(TokenInfo token) =>
        $"{string.Join(",", token.Actions)} on {string.Join(",", token.Datasets)}, {(token.Expires is { } expires ? "expires " + Format(expires) : "no expiry")}";

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
