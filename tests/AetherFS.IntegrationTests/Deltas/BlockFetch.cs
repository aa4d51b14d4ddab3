using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Protocol.Rest;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary><c>POST /api/v1/blocks/fetch</c> by hand: the records the hub answers, by signature, as sent.</summary>
public static class BlockFetch
{
    public static async Task<Dictionary<string, byte[]>> RecordsAsync(Uri hub, IReadOnlyList<string> signatures, string? have = null, string? version = null, AuthenticationHeaderValue? auth = null)
    {
        using var http = new HttpClient { BaseAddress = hub, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = auth;
        using var response = await http.PostAsJsonAsync(
            new Uri(ApiPaths.FetchBlocks, UriKind.Relative),
            new FetchBlocksRequest(signatures) { Have = have, Version = version },
            ProtocolJsonContext.Default.FetchBlocksRequest);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        for (var at = 0; at < body.Length;)
        {
            var (signature, length) = PackFormat.ReadRecordHeader(body.AsSpan(at, PackFormat.RecordHeaderSize));
            records[signature.ToString()] = body.AsSpan(at + PackFormat.RecordHeaderSize, length).ToArray();
            at += PackFormat.RecordHeaderSize + length;
        }

        Assert.Equal(signatures.Distinct().Order(StringComparer.Ordinal), records.Keys.Order(StringComparer.Ordinal));
        return records;
    }

    /// <summary>Raw bytes of blocks, from full payloads (a fetch without have).</summary>
    public static async Task<Dictionary<string, byte[]>> RawAsync(Uri hub, IReadOnlyList<string> signatures, AuthenticationHeaderValue? auth = null) =>
        (await RecordsAsync(hub, signatures, auth: auth)).ToDictionary(r => r.Key, r =>
        {
            using var block = BlockPayload.Decode(r.Value, r.Key);
            return block.Memory.ToArray();
        });

    /// <summary>
    /// Checks every delta among <paramref name="records"/> names its bases by place in <paramref name="held"/> (the held
    /// version's blocks: codec 3) and decodes, against their raw bytes fetched without have, to the block; returns
    /// (deltas, delta bytes, total bytes).
    /// </summary>
    public static async Task<(int Deltas, long DeltaBytes, long Bytes)> CheckAsync(Uri hub, Dictionary<string, byte[]> records, IReadOnlyList<Core.Manifests.BlockRef> held, AuthenticationHeaderValue? auth = null)
    {
        var (deltas, deltaBytes, bytes) = (0, 0L, 0L);
        foreach (var (signature, payload) in records)
        {
            bytes += payload.Length;
            if (!BlockDelta.IsDelta(payload))
            {
                BlockPayload.Verify(payload, signature);
                continue;
            }

            Assert.Equal((byte)BlockCodec.HeldDelta, payload[5]);
            using var expanded = BlockDelta.Expand(payload, signature, held);
            var bases = BlockDelta.ReadBases(expanded.Span, signature);
            var raw = await RawAsync(hub, bases.Select(b => b.Signature).Distinct().ToList(), auth);
            using var prefix = BlockDelta.Prefix([.. bases.Select(b => (ReadOnlyMemory<byte>)raw[b.Signature])]);
            using var decoded = BlockDelta.Decode(expanded.Span, signature, prefix.Span);
            Assert.Equal(signature, BlockSignature.Compute(decoded.Memory.Span));
            deltas++;
            deltaBytes += payload.Length;
        }

        return (deltas, deltaBytes, bytes);
    }
}
