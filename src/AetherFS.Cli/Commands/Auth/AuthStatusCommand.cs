using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands.Auth;

/// <summary><c>aetherfs auth status</c>: each hub with stored credentials, and whom it takes them for (its whoami).</summary>
internal static class AuthStatusCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("status", "Show the hubs you are logged in to, and as whom")
        {
            Options = { CommonOptions.CaCert, CommonOptions.Json },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var roots = HubConnections.TrustedRoots(parsed.GetValue(CommonOptions.CaCert));
            var entries = new List<AuthStatusEntry>();
            foreach (var (hub, stored) in HubConnections.Store().All().OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                entries.Add(await CheckAsync(hub, stored, roots, cancellationToken));
            }

            if (parsed.GetValue(CommonOptions.Json))
            {
                output.Out.WriteLine(JsonSerializer.Serialize(entries, AuthJsonContext.Default.ListAuthStatusEntry));
                return ExitCodes.Success;
            }

            if (entries.Count == 0)
            {
                output.Out.WriteLine("not logged in to any hub");
            }

            foreach (var entry in entries)
            {
                output.Out.WriteLine(Describe(entry));
            }

            if (EnvironmentDefaults.Get(HubConnections.TokenVariable, HubConnections.TokenFileVariable) is not null)
            {
                output.Out.WriteLine($"note: ${HubConnections.TokenVariable} or ${HubConnections.TokenFileVariable} is set: commands send that token instead");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<AuthStatusEntry> CheckAsync(string hub, Client.Credentials.StoredCredential stored, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> roots, CancellationToken cancellationToken)
    {
        var credential = stored.ToCredential();
        var kind = stored.Oidc is not null ? "oidc" : credential is null ? "none" : credential.IsToken ? "token" : "password";
        // An OpenID Connect login is checked as commands use it: renewed first when its access token expired.
        var session = stored.Oidc is { } oidc
            ? new Client.Credentials.OidcSession(HubConnections.Store(), new Uri(hub), oidc, new Client.Credentials.OidcTokenClient(HubConnections.IssuerClient(roots)))
            : null;
        using var client = new HubClient(new Uri(hub), connection: new HubConnectionOptions { TrustedRoots = roots, Credential = credential, CredentialSource = session });
        try
        {
            var identity = await client.WhoAmIAsync(cancellationToken);
            return identity is null
                ? new AuthStatusEntry(hub, kind, credential?.Username, "unchecked", null, null, null, null)
                : new AuthStatusEntry(hub, kind, credential?.Username, "ok", identity.Name, identity.Kind, identity.Admin, null);
        }
        catch (HubException e) when (e.IsUnauthenticated)
        {
            return new AuthStatusEntry(hub, kind, credential?.Username, "refused", null, null, null, e.Message);
        }
        catch (Client.Credentials.OidcLoginException e)
        {
            return new AuthStatusEntry(hub, kind, credential?.Username, "refused", null, null, null, e.Message);
        }
        catch (Exception e) when (e is HubException or HubUnavailableException)
        {
            return new AuthStatusEntry(hub, kind, credential?.Username, "unreachable", null, null, null, e.Message);
        }
    }

    private static string Describe(AuthStatusEntry entry)
    {
        var who = entry.Username is null ? $"with a {entry.Credential}" : $"as {entry.Username}";
        return entry.Status switch
        {
            "ok" => $"{entry.Hub}: logged in as {entry.Name} ({entry.Kind}{(entry.Admin == true ? ", admin" : "")})",
            "unchecked" => $"{entry.Hub}: credentials stored {who}; the hub does not check them (no authentication)",
            "refused" => $"{entry.Hub}: credentials {who} refused; log in again with 'aetherfs auth login {entry.Hub}'",
            _ => $"{entry.Hub}: credentials stored {who}; hub not reachable: {entry.Error}",
        };
    }
}
