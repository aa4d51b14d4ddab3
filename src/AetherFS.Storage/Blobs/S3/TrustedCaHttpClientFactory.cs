using System.Security.Cryptography.X509Certificates;
using Amazon.Runtime;

namespace AetherFS.Storage.Blobs.S3;

/// <summary>HTTP clients for the SDK that trust exactly the given certificate authorities (a private CA's endpoint).</summary>
internal sealed class TrustedCaHttpClientFactory : HttpClientFactory
{
    private readonly X509Certificate2Collection _authorities;

    public TrustedCaHttpClientFactory(X509Certificate2Collection authorities) => _authorities = authorities;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(_authorities);
        var handler = new SocketsHttpHandler
        {
            // Host name checks stay as they are; only the roots of trust change.
            SslOptions = { CertificateChainPolicy = policy },
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (clientConfig.ConnectTimeout is { } connect)
        {
            handler.ConnectTimeout = connect;
        }

        return new HttpClient(handler) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(100) };
    }

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) =>
        "aetherfs-trusted-ca:" + string.Join(',', _authorities.Select(c => c.Thumbprint));
}
