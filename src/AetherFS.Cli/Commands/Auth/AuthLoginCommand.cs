using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// <c>aetherfs auth login [HUB]</c>: checks a username and password (or, <c>--with-token</c>, a token) with the hub's
/// whoami, and only then stores them for every later command. A hub without authentication (no whoami) gets them
/// stored with a note; a refusal stores nothing. A hub with an OpenID Connect issuer is logged in to through the
/// device authorization grant (a URL and a code to approve in any browser) unless a username or token is given.
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

    private static readonly Option<bool> Oidc = new("--oidc")
    {
        Description = "Log in through the hub's OpenID Connect issuer (a URL and a code to approve in a browser); the default when the hub has one and no --username or --with-token is given",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("login", "Check credentials with a hub and store them for later commands")
        {
            Arguments = { AuthCommand.Hub },
            Options = { Username, PasswordStdin, WithToken, Oidc, CommonOptions.CaCert },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var hubUrl = HubResolver.Resolve(parsed.GetValue(AuthCommand.Hub));
            var hubName = Client.Credentials.CredentialStore.KeyOf(hubUrl);
            var roots = HubConnections.TrustedRoots(parsed.GetValue(CommonOptions.CaCert));
            if (await OidcSettingsAsync(parsed, hubUrl, roots, cancellationToken) is { } oidc)
            {
                return await AuthOidcLogin.RunAsync(output, hubUrl, oidc, roots, cancellationToken);
            }

            var credential = ReadCredential(parsed, output);
            HubIdentity? identity;
            using (var hub = new HubClient(hubUrl, connection: new HubConnectionOptions { TrustedRoots = roots, Credential = credential }))
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

    /// <summary>The hub's issuer when this login goes through it: asked for with --oidc, or the default without a username or token.</summary>
    private static async Task<Client.Credentials.HubOidcSettings?> OidcSettingsAsync(ParseResult parsed, Uri hubUrl, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> roots, CancellationToken cancellationToken)
    {
        var explicitOidc = parsed.GetValue(Oidc);
        var otherWay = parsed.GetValue(WithToken) || parsed.GetValue(Username) is not null || parsed.GetValue(PasswordStdin);
        if (explicitOidc && otherWay)
        {
            throw new CliException("--oidc logs in through the hub's issuer: give no --username, --password-stdin or --with-token with it");
        }

        if (otherWay)
        {
            return null;
        }

        using var hub = new HubClient(hubUrl, connection: new HubConnectionOptions { TrustedRoots = roots });
        var settings = await hub.GetOidcSettingsAsync(cancellationToken);
        return settings is null && explicitOidc
            ? throw new CliException($"{Client.Credentials.CredentialStore.KeyOf(hubUrl)} has no OpenID Connect login; log in with --username or --with-token")
            : settings;
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
