using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// <c>aetherfs auth login [HUB]</c>: checks a username and password (or, <c>--with-token</c>, a token) with the hub's
/// whoami, and only then stores them for every later command. A hub without authentication (no whoami) gets them
/// stored with a note; a refusal stores nothing.
/// </summary>
internal static class AuthLoginCommand
{
    private static readonly Option<string?> Username = new("--username", "-u")
    {
        Description = "User to log in as (prompted for when omitted on a terminal)",
    };

    private static readonly Option<bool> PasswordStdin = new("--password-stdin")
    {
        Description = "Read the password from the first line of stdin",
    };

    private static readonly Option<bool> WithToken = new("--with-token")
    {
        Description = "Log in with an API token read from the first line of stdin",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("login", "Check credentials with a hub and store them for later commands")
        {
            Arguments = { AuthCommand.Hub },
            Options = { Username, PasswordStdin, WithToken, CommonOptions.CaCert },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var hubUrl = HubResolver.Resolve(parsed.GetValue(AuthCommand.Hub));
            var hubName = Client.Credentials.CredentialStore.KeyOf(hubUrl);
            var credential = ReadCredential(parsed, output);
            HubIdentity? identity;
            using (var hub = new HubClient(hubUrl, connection: new HubConnectionOptions { TrustedRoots = HubConnections.TrustedRoots(parsed.GetValue(CommonOptions.CaCert)), Credential = credential }))
            {
                try
                {
                    identity = await hub.WhoAmIAsync(cancellationToken);
                }
                catch (HubException e) when (e.IsUnauthenticated)
                {
                    throw new CliException($"{hubName} refused the credentials for {credential}; nothing was stored", ExitCodes.Unauthenticated);
                }
            }

            await HubConnections.Store().SaveAsync(hubUrl, credential, cancellationToken);
            output.Out.WriteLine(identity is null
                ? $"stored credentials for {hubName} ({credential}); note: this hub does not check credentials (it has no authentication)"
                : $"logged in to {hubName} as {identity.Name}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static HubCredential ReadCredential(ParseResult parsed, ICliOutput output)
    {
        if (parsed.GetValue(WithToken))
        {
            if (parsed.GetValue(Username) is not null || parsed.GetValue(PasswordStdin))
            {
                throw new CliException("--with-token reads a token from stdin: give no --username or --password-stdin with it");
            }

            return HubCredential.Token(SecretInput.FirstLine("token").Trim());
        }

        var username = parsed.GetValue(Username)
            ?? SecretInput.Prompt(output, "Username", "give --username when stdin is not a terminal");
        if (username.Contains(':', StringComparison.Ordinal))
        {
            throw new CliException($"invalid username '{username}': Basic authentication forbids ':' in it");
        }

        var password = parsed.GetValue(PasswordStdin)
            ? SecretInput.FirstLine("password")
            : SecretInput.PromptHidden(output, "Password", "give --password-stdin and the password on stdin when stdin is not a terminal");
        return HubCredential.Password(username, password);
    }
}
