using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AetherFS.Serving.Listening;

/// <summary>Loads the hub's TLS certificate from PEM files, as certbot and cert-manager write them.</summary>
public static class TlsCertificates
{
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // SslStream on Linux needs the key in a form it can use for the handshake: re-import as PKCS#12.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot load the TLS certificate {certificatePath} with key {keyPath}: {e.Message}", e);
        }
    }
}
