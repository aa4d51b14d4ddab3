using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AetherFS.Testing;

/// <summary>
/// A private CA made for one test, as a company runs its own: its root (which no system trusts) and server
/// certificates it issues for localhost and 127.0.0.1, written as PEM files.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;

    /// <summary>Creates the root and writes its certificate to <paramref name="rootPath"/> (what <c>--ca-cert</c> takes).</summary>
    public TestCertificateAuthority(string rootPath)
    {
        var request = new CertificateRequest("CN=AetherFS Test Root CA", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        _root = request.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(2));
        RootPath = rootPath;
        File.WriteAllText(rootPath, _root.ExportCertificatePem());
    }

    public string RootPath { get; }

    /// <summary>Issues a server certificate for localhost and 127.0.0.1 (or for <paramref name="otherHost"/> alone); writes it and its key as PEM.</summary>
    public void IssueServerCertificate(string certificatePath, string keyPath, string? otherHost = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={otherHost ?? "localhost"}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (otherHost is not null)
        {
            names.AddDnsName(otherHost);
        }
        else
        {
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_root, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(certificatePath, issued.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>An HTTP client that trusts this CA alone, as a client given <c>--ca-cert</c> would.</summary>
    public HttpClient CreateTrustingClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_root);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            },
        },
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(10),
    };

    public void Dispose()
    {
        _root.Dispose();
        _key.Dispose();
    }
}
