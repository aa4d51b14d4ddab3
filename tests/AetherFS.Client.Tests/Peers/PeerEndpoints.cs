using System.Net;
using System.Text.Json;
using AetherFS.Client.Peers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;

namespace AetherFS.Client.Tests.Peers;

/// <summary>
/// Peers' <c>POST /peer/v1/blocks</c> as the protocol defines it, in memory: each peer (by port) answers with what a
/// test gives it: the records of the blocks it holds, a status, or nothing until the request is cancelled.
/// </summary>
internal sealed class PeerEndpoints : HttpMessageHandler
{
    private readonly Dictionary<int, Func<PeerBlocksRequest, Task<HttpResponseMessage>>> _peers = [];

    public List<(int Port, PeerBlocksRequest Request)> Requests { get; } = [];

    /// <summary>Completes when a request reaches a peer that hangs.</summary>
    public TaskCompletionSource Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Holds(int port, Dictionary<string, byte[]> payloads) =>
        _peers[port] = request => Task.FromResult(Records(request.Blocks.Where(b => payloads.ContainsKey(b.Signature)).Select(b => (b.Signature, payloads[b.Signature]))));

    public void Answers(int port, HttpStatusCode status, Action? onRequest = null) =>
        _peers[port] = _ =>
        {
            onRequest?.Invoke();
            return Task.FromResult(new HttpResponseMessage(status));
        };

    public void Hangs(int port) => _peers[port] = null!;

    /// <summary>A 200 whose body is not a record stream: a record header that declares 4 GiB.</summary>
    public void SendsGarbage(int port) =>
        _peers[port] = _ => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([.. new byte[32], 0xFF, 0xFF, 0xFF, 0xFF]) });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var asked = JsonSerializer.Deserialize<PeerBlocksRequest>(await request.Content!.ReadAsStringAsync(cancellationToken), JsonSerializerOptions.Web)!;
        var port = request.RequestUri!.Port;
        lock (Requests)
        {
            Requests.Add((port, asked));
        }

        if (_peers[port] is not { } answer)
        {
            Hanging.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return await _peers[port](asked);
    }

    private static HttpResponseMessage Records(IEnumerable<(string Signature, byte[] Payload)> records)
    {
        var body = new MemoryStream();
        var header = new byte[PackFormat.RecordHeaderSize];
        foreach (var (signature, payload) in records)
        {
            PackFormat.WriteRecordHeader(header, Sha256Key.Parse(signature), payload.Length);
            body.Write(header);
            body.Write(payload);
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body.ToArray()) };
    }
}
