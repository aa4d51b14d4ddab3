using System.Security.Cryptography.X509Certificates;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Credentials;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// The device authorization grant of <c>auth login</c>: prints where to approve the login and its code, waits for
/// the approval, checks the token with the hub's whoami and only then stores the login (with its refresh token).
/// </summary>
internal static class AuthOidcLogin
{
    public static async Task<int> RunAsync(ICliOutput output, Uri hubUrl, HubOidcSettings settings, IReadOnlyList<X509Certificate2> roots, CancellationToken cancellationToken)
    {
        var hubName = CredentialStore.KeyOf(hubUrl);
        using var http = HubConnections.IssuerClient(roots);
        var issuer = new OidcTokenClient(http);
        var authorization = await issuer.StartDeviceLoginAsync(settings, cancellationToken);
        output.Out.WriteLine($"To log in to {hubName}, open {authorization.VerificationUri} and enter the code {authorization.UserCode}");
        if (authorization.VerificationUriComplete is { } complete)
        {
            output.Out.WriteLine($"(or open {complete})");
        }

        output.Out.WriteLine($"waiting for the login to be approved at {settings.Issuer} ...");
        output.Out.Flush();
        var credential = await issuer.CompleteDeviceLoginAsync(authorization, cancellationToken);

        HubIdentity? identity;
        using (var hub = new HubClient(hubUrl, connection: new HubConnectionOptions { TrustedRoots = roots, Credential = HubCredential.Token(credential.AccessToken) }))
        {
            try
            {
                identity = await hub.WhoAmIAsync(cancellationToken);
            }
            catch (HubException e) when (e.IsUnauthenticated)
            {
                throw new CliException($"{hubName} refused the token its issuer gave ({e.Message}); nothing was stored", ExitCodes.Unauthenticated);
            }
        }

        await HubConnections.Store().SaveAsync(hubUrl, new StoredCredential { Oidc = credential }, cancellationToken);
        output.Out.WriteLine(identity is null
            ? $"stored the login for {hubName}; note: this hub does not check credentials (it has no authentication)"
            : $"logged in to {hubName} as {identity.Name}");
        return ExitCodes.Success;
    }
}
