using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace AetherFS.Serving.Listening;

/// <summary>
/// Lets one cleartext port speak both HTTP/1.1 and HTTP/2 with prior knowledge (h2c), as gRPC clients use.
/// Kestrel picks HTTP/2 on an Http1AndHttp2 endpoint only when ALPN chose "h2", which cannot happen without
/// TLS (without a TLS feature Kestrel defaults to HTTP/1.1). So this connection middleware peeks at the first
/// bytes and, when they are the HTTP/2 connection preface, presents the connection as if ALPN had chosen "h2".
/// Nothing is consumed: Kestrel reads the same bytes. The request scheme then comes from the client's
/// <c>:scheme</c> ("http"), which needs <c>KestrelServerOptions.AllowAlternateSchemes</c>.
/// </summary>
internal static class CleartextHttp2Detection
{
    private static readonly byte[] Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    public static async Task DetectAsync(ConnectionContext connection, Func<Task> next)
    {
        if (await StartsWithPrefaceAsync(connection))
        {
            var negotiated = new NegotiatedHttp2();
            connection.Features.Set<ITlsApplicationProtocolFeature>(negotiated);
            connection.Features.Set<ITlsConnectionFeature>(negotiated);
        }

        await next();
    }

    private static async Task<bool> StartsWithPrefaceAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync();
            var buffer = result.Buffer;
            var length = (int)Math.Min(buffer.Length, Preface.Length);
            var prefix = buffer.Slice(0, length);
            var matches = IsPrefixOfPreface(prefix);
            if (!matches || length == Preface.Length || result.IsCompleted)
            {
                // Examined nothing, so Kestrel's next read returns these bytes again at once.
                input.AdvanceTo(buffer.Start);
                return matches && length == Preface.Length;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsPrefixOfPreface(ReadOnlySequence<byte> prefix)
    {
        Span<byte> bytes = stackalloc byte[(int)prefix.Length];
        prefix.CopyTo(bytes);
        return bytes.SequenceEqual(Preface.AsSpan(0, bytes.Length));
    }

    private sealed class NegotiatedHttp2 : ITlsApplicationProtocolFeature, ITlsConnectionFeature
    {
        public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();

        // There is no TLS, so there is no client certificate.
        public X509Certificate2? ClientCertificate { get; set; }

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult<X509Certificate2?>(null);
    }
}
