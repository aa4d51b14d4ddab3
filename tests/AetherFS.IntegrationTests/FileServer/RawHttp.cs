using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>
/// An HTTP/1.1 GET written byte for byte, so a request target reaches the hub exactly as given: HttpClient and
/// System.Uri remove dot segments and re-encode paths, which would hide what a hostile client can send.
/// </summary>
public static class RawHttp
{
    public static async Task<(int Status, string Response)> GetAsync(Uri hub, string target, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(hub.Host, hub.Port, cancellationToken);
        await using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"GET {target} HTTP/1.1\r\nHost: {hub.Authority}\r\nConnection: close\r\n\r\n"), cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync(cancellationToken);
        // "HTTP/1.1 400 Bad Request"
        return (int.Parse(response.Split(' ', 3)[1], CultureInfo.InvariantCulture), response);
    }
}
