using System.CommandLine;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// <c>aetherfs auth logout [HUB]</c>: forgets the stored credentials of one hub. An OpenID Connect login's refresh
/// token is revoked at its issuer first, when the issuer offers revocation; the login is forgotten either way.
/// </summary>
internal static class AuthLogoutCommand
{
    public static Command Create(ICliOutput output)
    {
        var command = new Command("logout", "Forget the stored credentials of a hub")
        {
            Arguments = { AuthCommand.Hub },
            Options = { CommonOptions.CaCert },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var hub = HubResolver.Resolve(parsed.GetValue(AuthCommand.Hub));
            if (HubConnections.Store().FindEntry(hub)?.Oidc is { } oidc)
            {
                await RevokeAsync(output, oidc, HubConnections.TrustedRoots(parsed.GetValue(CommonOptions.CaCert)), cancellationToken);
            }

            var removed = await HubConnections.Store().RemoveAsync(hub, cancellationToken);
            var name = Client.Credentials.CredentialStore.KeyOf(hub);
            output.Out.WriteLine(removed ? $"logged out of {name}" : $"not logged in to {name}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task RevokeAsync(ICliOutput output, Client.Credentials.OidcCredential oidc, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> roots, CancellationToken cancellationToken)
    {
        using var http = HubConnections.IssuerClient(roots);
        try
        {
            if (!await new Client.Credentials.OidcTokenClient(http).RevokeAsync(oidc, cancellationToken))
            {
                output.Error.WriteLine($"note: {oidc.Issuer} did not revoke the login's refresh token; it stays valid there until it expires");
            }
        }
        catch (Exception e) when (e is HttpRequestException or Client.Credentials.OidcLoginException or TaskCanceledException)
        {
            output.Error.WriteLine($"note: could not reach {oidc.Issuer} to revoke the login's refresh token ({e.Message})");
        }
    }
}
