using System.Security.Authentication;

namespace AetherFS.Client.Hub;

/// <summary>The hub could not be reached at all.</summary>
public sealed class HubUnavailableException : Exception
{
    public HubUnavailableException(Uri hub, Exception inner)
        : base($"cannot reach hub at {hub}: {Reason(hub, inner)}", inner)
    {
    }

    // .NET wraps the cause ("The SSL connection could not be established, see inner exception."): name the cause
    // itself, and for a failed TLS handshake the likely mistake.
    private static string Reason(Uri hub, Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException tls)
            {
                // .NET's own words for a certificate that does not verify name it "the remote certificate"; anything
                // else failing a handshake to an https:// URL is most often a hub that speaks plain HTTP.
                var untrusted = tls.Message.Contains("remote certificate", StringComparison.OrdinalIgnoreCase);
                var hint = untrusted ? " (the hub's certificate is not trusted: if a private CA issued it, pass that CA with --ca-cert FILE or AETHERFS_CA_CERT)"
                    : hub.Scheme == Uri.UriSchemeHttps ? $" (is it a plain-HTTP hub? then use http://{hub.Authority})" : "";
                return $"TLS handshake failed: {tls.InnerException?.Message ?? tls.Message}{hint}";
            }
        }

        var innermost = error;
        while (innermost.InnerException is not null && innermost.Message.Contains("inner exception", StringComparison.OrdinalIgnoreCase))
        {
            innermost = innermost.InnerException;
        }

        return innermost.Message;
    }
}
