using System.CommandLine;
using AetherFS.Client.Credentials;
using AetherFS.Client.Hub;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// Opens hub clients the way every command (and the agent) must: trusting <c>--ca-cert</c> and
/// <c>$SSL_CERT_FILE</c>, and sending the first credential found of <c>--token-file</c>, <c>$AETHERFS_TOKEN</c> and
/// the stored login for that hub. Secrets come only from files, the environment and stdin, never the command line.
/// </summary>
internal static class HubConnections
{
    public const string CaCertVariable = "AETHERFS_CA_CERT";
    public const string TokenVariable = "AETHERFS_TOKEN";
    public const string TokenFileVariable = "AETHERFS_TOKEN_FILE";
    public const string SystemCaFileVariable = "SSL_CERT_FILE";

    /// <summary>A client of <paramref name="hub"/> with the command's <c>--ca-cert</c> and <c>--token-file</c>.</summary>
    public static HubClient Open(ParseResult parsed, Uri hub) =>
        new(hub, connection: Options(hub, parsed.GetValue(CommonOptions.CaCert), parsed.GetValue(CommonOptions.TokenFile)));

    public static HubConnectionOptions Options(Uri hub, string? caCertFile, string? tokenFile)
    {
        var roots = TrustedRoots(caCertFile);
        var given = GivenToken(tokenFile);
        var stored = given is null ? StoredEntry(hub) : null;
        return new HubConnectionOptions
        {
            TrustedRoots = roots,
            Credential = given ?? stored?.ToCredential(),
            // A stored OpenID Connect login renews its access token as it goes (OidcSession); --token-file and
            // $AETHERFS_TOKEN are sent as given.
            CredentialSource = stored?.Oidc is { } oidc ? new OidcSession(Store(), hub, oidc, new OidcTokenClient(IssuerClient(roots))) : null,
        };
    }

    /// <summary>An HTTP client for an OpenID Connect issuer, trusting the same private roots as the hub connection.</summary>
    public static HttpClient IssuerClient(IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> roots)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
        if (roots.Count > 0)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = PrivateRootTrust.Callback(roots);
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    private static StoredCredential? StoredEntry(Uri hub)
    {
        try
        {
            return Store().FindEntry(hub);
        }
        catch (IOException e)
        {
            throw new CliException(e.Message, ExitCodes.Failure);
        }
    }

    /// <summary>The private roots to trust: the <c>--ca-cert</c> file's and the <c>$SSL_CERT_FILE</c> bundle's.</summary>
    public static IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> TrustedRoots(string? caCertFile)
    {
        var roots = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        foreach (var path in new[] { caCertFile, EnvironmentDefaults.Get(SystemCaFileVariable) }.OfType<string>().Where(p => p.Length > 0))
        {
            try
            {
                roots.AddRange(PrivateRootTrust.Load(path));
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message);
            }
        }

        return roots;
    }

    /// <summary>The token the command was given: <c>--token-file</c>, else <c>$AETHERFS_TOKEN</c>; null for none (then the stored login counts).</summary>
    private static HubCredential? GivenToken(string? tokenFile) =>
        tokenFile is not null ? HubCredential.Token(ReadTokenFile(tokenFile))
        : EnvironmentDefaults.Get(TokenVariable) is { } token ? HubCredential.Token(token.Trim())
        : null;

    /// <summary>Where <c>auth login</c> keeps credentials: <c>$XDG_CONFIG_HOME/aetherfs</c>, else <c>~/.config/aetherfs</c>.</summary>
    public static CredentialStore Store()
    {
        var config = EnvironmentDefaults.Get("XDG_CONFIG_HOME")
            ?? Path.Join(EnvironmentDefaults.Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return new CredentialStore(Path.Join(config, "aetherfs"));
    }

    private static string ReadTokenFile(string path)
    {
        string? line;
        try
        {
            using var reader = new StreamReader(path);
            line = reader.ReadLine()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read token file {path}: {e.Message}");
        }

        return line is { Length: > 0 } ? line : throw new CliException($"token file {path} is empty");
    }
}
