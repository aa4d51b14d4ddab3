using System.Net;
using System.Text.Json;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Tests.Fetch;

/// <summary>
/// The hub's <c>POST /api/v1/blocks/fetch</c> as the protocol defines it, in memory: records of the payloads asked
/// for, a block's delta instead of its full payload only when the request names a held version. Every request is
/// kept, so a test sees what the client asked for and with which basis.
/// </summary>
internal sealed class BlockFetchEndpoint : HttpMessageHandler
{
    public Dictionary<string, byte[]> Full { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, byte[]> Deltas { get; } = new(StringComparer.Ordinal);

    public List<FetchBlocksRequest> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri!.AbsolutePath != ApiPaths.FetchBlocks)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request };
        }

        var asked = JsonSerializer.Deserialize(await request.Content!.ReadAsStringAsync(cancellationToken), ProtocolJsonContext.Default.FetchBlocksRequest)!;
        lock (Requests)
        {
            Requests.Add(asked);
        }

        var body = new MemoryStream();
        var header = new byte[PackFormat.RecordHeaderSize];
        foreach (var signature in asked.Signatures)
        {
            var payload = asked.Have is not null && asked.Version is not null && Deltas.TryGetValue(signature, out var delta) ? delta : Full[signature];
            PackFormat.WriteRecordHeader(header, Sha256Key.Parse(signature), payload.Length);
            body.Write(header);
            body.Write(payload);
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body.ToArray()), RequestMessage = request };
    }
}
