using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AetherFS.Storage.Tests.Blobs.S3;

/// <summary>
/// A TCP proxy in front of an S3 server that breaks the connections it is told to, in order: reset at once, answer
/// an S3 error, or cut the response after some bytes. Other connections pass through untouched.
/// </summary>
public sealed class FaultyProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly ConcurrentQueue<ProxyFault> _faults = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _connections;

    public FaultyProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    public string Endpoint => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>How many response bytes a <see cref="ProxyFault.CutResponse"/> connection passes before it is cut.</summary>
    public int CutAfterBytes { get; set; } = 256 * 1024;

    /// <summary>The faults the next connections get, one each.</summary>
    public void Inject(params ProxyFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            var fault = _faults.TryDequeue(out var next) ? next : ProxyFault.None;
            _ = Task.Run(() => ServeAsync(client, fault));
        }
    }

    private async Task ServeAsync(TcpClient client, ProxyFault fault)
    {
        using (client)
        {
            try
            {
                switch (fault)
                {
                    case ProxyFault.Reset:
                        client.Client.LingerState = new LingerOption(true, 0);
                        return;
                    case ProxyFault.ServiceUnavailable:
                        await AnswerErrorAsync(client.GetStream(), "503 Service Unavailable", "ServiceUnavailable");
                        return;
                    case ProxyFault.SignatureDoesNotMatch:
                        await AnswerErrorAsync(client.GetStream(), "403 Forbidden", "SignatureDoesNotMatch");
                        return;
                    default:
                        await RelayAsync(client, fault == ProxyFault.CutResponse ? CutAfterBytes : long.MaxValue);
                        return;
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // One side went away: so does the other.
            }
        }
    }

    private async Task AnswerErrorAsync(NetworkStream stream, string status, string code)
    {
        // Read the request head so the client is not writing into a closed socket when it reads the answer.
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                return;
            }

            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        // Drain the body too (unless the client waits for 100-continue), or closing with unread bytes resets.
        var text = head.ToString();
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var length = System.Text.RegularExpressions.Regex.Match(text, @"(?im)^content-length: *(\d+)");
        if (length.Success && !text.Contains("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            var missing = long.Parse(length.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - (text.Length - bodyStart);
            while (missing > 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, missing)), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                missing -= read;
            }
        }

        var body = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>injected by the test proxy</Message></Error>";
        var response = $"HTTP/1.1 {status}\r\nContent-Type: application/xml\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
    }

    private async Task RelayAsync(TcpClient client, long responseBytes)
    {
        using var upstream = new TcpClient();
        await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var requests = CopyAsync(client.GetStream(), upstream.GetStream(), long.MaxValue, both.Token);
        var responses = CopyAsync(upstream.GetStream(), client.GetStream(), responseBytes, both.Token);
        await Task.WhenAny(requests, responses);
        if (responses.IsCompleted && responseBytes != long.MaxValue)
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }

        await both.CancelAsync();
    }

    private static async Task CopyAsync(Stream from, Stream to, long limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var copied = 0L;
        while (copied < limit)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - copied)), cancellationToken);
            if (read == 0)
            {
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            copied += read;
        }
    }
}
