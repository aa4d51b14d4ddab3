using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AetherFS.Serving.Listening;

/// <summary>
/// One port for HTTP (REST, files, UI: HTTP/1.1 or HTTP/2) and gRPC (HTTP/2), as the hub and the agent serve:
/// ALPN chooses with TLS; without it, <see cref="CleartextHttp2Detection"/> tells them apart by the preface.
/// </summary>
public static class HttpAndGrpcListener
{
    public static void Listen(KestrelServerOptions kestrel, string address, int port, X509Certificate2? certificate = null)
    {
        // h2c requests carry :scheme http on a connection Kestrel is told was ALPN-negotiated.
        kestrel.AllowAlternateSchemes = true;
        kestrel.Listen(IPAddress.Parse(address), port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
            else
            {
                listen.Use(next => connection => CleartextHttp2Detection.DetectAsync(connection, () => next(connection)));
            }
        });
    }
}
