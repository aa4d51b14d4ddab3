using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace AetherFS.Client.Hub;

/// <summary>
/// Accepts a server certificate the system trusts, or one that chains to a private root the user named
/// (<c>--ca-cert</c>, <c>SSL_CERT_FILE</c>). Only an untrusted chain is re-checked: a wrong host name or a missing
/// certificate is refused whoever issued it.
/// </summary>
public static class PrivateRootTrust
{
    public static RemoteCertificateValidationCallback Callback(IReadOnlyList<X509Certificate2> roots) =>
        (_, certificate, chain, errors) =>
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
            {
                return false;
            }

            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
            // Private CAs rarely run a revocation service; the system's chain would not have checked one either offline.
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            // The intermediates the server sent.
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return custom.Build(leaf);
        };

    /// <summary>The certificates of a PEM file (one CA or a bundle); <see cref="ArgumentException"/> naming the file when it has none or cannot be read.</summary>
    public static IReadOnlyList<X509Certificate2> Load(string path)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new ArgumentException($"cannot read CA certificate file {path}: {e.Message}", e);
        }

        return certificates.Count > 0 ? [.. certificates] : throw new ArgumentException($"CA certificate file {path} holds no PEM certificate");
    }
}
