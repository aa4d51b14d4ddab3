using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Protocol.Grpc;
using AetherFS.Protocol.Grpc.Client;
using AetherFS.Protocol.Rest;
using Microsoft.AspNetCore.Mvc;

namespace AetherFS.Client.Hub;

/// <summary>
/// Typed client of a hub. Each operation takes the protocol measured faster for it (benchmarks/grpc-rest):
/// listings, lookups and deletes go through gRPC, blocks and uploads through REST. A hub reached through
/// something that does not speak gRPC (an HTTP/1.1-only proxy) is served through REST for everything.
/// Failures surface as <see cref="HubException"/> carrying the hub's message, or
/// <see cref="HubUnavailableException"/> when the hub cannot be reached. Everything it reads is verified:
/// blocks against their signatures, manifests against their digests.
/// </summary>
public sealed partial class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly GrpcChannel _grpc;
    private readonly DatasetApiClient _datasets;
    private volatile bool _grpcUnusable;

    public HubClient(Uri baseAddress, HttpMessageHandler? handler = null)
    {
        BaseAddress = baseAddress;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 32,
            // The hub compresses manifests and JSON; block payloads carry their own compression.
            AutomaticDecompression = DecompressionMethods.Brotli | DecompressionMethods.GZip,
        })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
            // Manifests and JSON are buffered; blocks are streamed into exact-size buffers. Bound what a hostile
            // hub can make this process hold.
            MaxResponseContentBufferSize = ApiPaths.MaxManifestBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("aetherfs", typeof(HubClient).Assembly.GetName().Version?.ToString(3)));
        _grpc = new GrpcChannel(baseAddress);
        _datasets = new DatasetApiClient(_grpc);
        _grpcUnusable = handler is not null;
    }

    public Uri BaseAddress { get; }

    public Task<DatasetListResponse> ListDatasetsAsync(int limit, string? after, CancellationToken cancellationToken) =>
        EitherAsync(
            async () =>
            {
                var page = await _datasets.ListAsync(after, limit, cancellationToken);
                return new DatasetListResponse(page.Datasets.Select(n => new DatasetSummary(n)).ToList(), page.NextPageToken.Length == 0 ? null : page.NextPageToken);
            },
            async () => (await GetJsonAsync(ApiPaths.ListDatasets(limit, after), ProtocolJsonContext.Default.DatasetListResponse, cancellationToken))!);

    public Task<TagListResponse> ListTagsAsync(string name, CancellationToken cancellationToken) =>
        EitherAsync(
            async () =>
            {
                var tags = await _datasets.ListTagsAsync(name, cancellationToken);
                return new TagListResponse(name, tags.Select(t => new TagInfo(t.Tag.Version, t.Digest, t.PublishedAt.ToDateTime(), t.Publisher.Length == 0 ? null : t.Publisher)).ToList());
            },
            async () => (await GetJsonAsync(ApiPaths.Tags(name), ProtocolJsonContext.Default.TagListResponse, cancellationToken))!);

    public async Task<TagInfo> GetTagAsync(string name, string tag, CancellationToken cancellationToken) =>
        (await GetJsonAsync(ApiPaths.Tag(name, tag), ProtocolJsonContext.Default.TagInfo, cancellationToken))!;

    /// <summary>A manifest by tag or digest, checked to hash to its digest (and to the digest asked for).</summary>
    public Task<(string Digest, Manifest Manifest)> GetManifestAsync(string name, string tagOrDigest, CancellationToken cancellationToken) =>
        EitherAsync(
            async () =>
            {
                var (digest, manifest, _) = await _datasets.GetManifestAsync(name, tagOrDigest, cancellationToken);
                return (digest, manifest);
            },
            async () =>
            {
                var (digest, bytes) = await GetManifestBytesAsync(name, tagOrDigest, cancellationToken);
                return (digest, ManifestSerializer.Parse(bytes));
            });

    /// <summary>A manifest's canonical bytes by tag or digest, through REST, checked to hash to its digest.</summary>
    public async Task<(string Digest, byte[] Bytes)> GetManifestBytesAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ApiPaths.DatasetManifest(name, tagOrDigest)), cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var actual = Digest.Compute(bytes);
        var expected = Digest.IsValid(tagOrDigest)
            ? tagOrDigest
            : response.Headers.TryGetValues(ApiPaths.ManifestDigestHeader, out var values) ? values.First() : actual;
        if (actual != expected)
        {
            throw new DigestMismatchException(expected, actual);
        }

        return (actual, bytes);
    }

    /// <summary>Uploads a manifest, Brotli-compressed on the wire.</summary>
    public Task PutManifestAsync(string digest, byte[] bytes, CancellationToken cancellationToken) =>
        PutManifestAsync(digest, bytes, null, cancellationToken);

    /// <summary>Uploads a manifest as part of the push <paramref name="pushId"/> (see <see cref="ApiPaths.PushIdHeader"/>).</summary>
    public async Task PutManifestAsync(string digest, byte[] bytes, string? pushId, CancellationToken cancellationToken)
    {
        var compressed = Brotli(bytes);
        using var response = await SendAsync(
            () =>
            {
                var content = Bytes(compressed, ApiPaths.ManifestMediaType);
                content.Headers.ContentEncoding.Add("br");
                return WithPushId(new HttpRequestMessage(HttpMethod.Put, ApiPaths.Manifest(digest)) { Content = content }, pushId);
            },
            cancellationToken);
    }

    public Task<TagInfo> PutTagAsync(string name, string tag, string digest, string? publisher, CancellationToken cancellationToken) =>
        PutTagAsync(name, tag, digest, publisher, null, cancellationToken);

    /// <summary>Points a tag at a manifest; with <paramref name="pushId"/>, ends that push (the hub releases its claims).</summary>
    public async Task<TagInfo> PutTagAsync(string name, string tag, string digest, string? publisher, string? pushId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => WithPushId(
                new HttpRequestMessage(HttpMethod.Put, ApiPaths.Tag(name, tag))
                {
                    Content = JsonContent.Create(new PutTagRequest(digest, publisher), ProtocolJsonContext.Default.PutTagRequest),
                },
                pushId),
            cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.TagInfo, cancellationToken))!;
    }

    public Task DeleteTagAsync(string name, string tag, CancellationToken cancellationToken) =>
        EitherAsync(
            async () => await _datasets.DeleteAsync(name, tag, cancellationToken) is not null,
            async () =>
            {
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ApiPaths.Tag(name, tag)), cancellationToken);
                return true;
            });

    /// <summary>The signatures the hub lacks, asked in batches of at most <see cref="MissingBlocksRequest.MaxSignatures"/>.</summary>
    public Task<IReadOnlyList<string>> FindMissingBlocksAsync(IReadOnlyList<string> signatures, CancellationToken cancellationToken) =>
        FindMissingBlocksAsync(signatures, null, cancellationToken);

    /// <summary>
    /// The signatures the hub lacks, asked for the push <paramref name="pushId"/>: the hub claims them all for it, so
    /// garbage collection keeps those present and those uploaded next until the push's tag is written.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingBlocksAsync(IReadOnlyList<string> signatures, string? pushId, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var batch in signatures.Chunk(MissingBlocksRequest.MaxSignatures))
        {
            using var response = await SendAsync(
                () => WithPushId(
                    new HttpRequestMessage(HttpMethod.Post, ApiPaths.MissingBlocks)
                    {
                        Content = JsonContent.Create(new MissingBlocksRequest(batch), ProtocolJsonContext.Default.MissingBlocksRequest),
                    },
                    pushId),
                cancellationToken);
            var answer = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.MissingBlocksResponse, cancellationToken);
            missing.AddRange(answer!.Missing);
        }

        return missing;
    }

    /// <summary>Uploads a block as an encoded payload (see <see cref="BlockPayload"/>).</summary>
    public async Task PutBlockAsync(string signature, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var content = new ReadOnlyMemoryContent(payload);
                content.Headers.ContentType = new MediaTypeHeaderValue(BlockPayload.MediaType);
                return new HttpRequestMessage(HttpMethod.Put, ApiPaths.Block(signature)) { Content = content };
            },
            cancellationToken);
    }

    /// <summary>
    /// Downloads a block's encoded payload, as the hub stores it, into a pooled buffer. The caller decodes and
    /// verifies it with <see cref="BlockPayload.Decode"/>; a body longer than a block of <paramref name="rawSize"/>
    /// bytes can be is refused before it is read.
    /// </summary>
    public async Task<PooledBuffer> GetBlockPayloadAsync(string signature, int rawSize, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.Block(signature));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(BlockPayload.MediaType));
                return request;
            },
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead);
        var limit = BlockPayload.HeaderSize + Zstd.CompressBound(rawSize); // never below rawSize
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
        {
            throw DigestMismatchException.Undecodable(signature, $"the hub sent {declared} bytes for a {rawSize}-byte block");
        }

        var payload = new PooledBuffer((int)(declared ?? limit) + 1);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            payload.Length = await body.ReadAtLeastAsync(payload.Array, payload.Array.Length, throwOnEndOfStream: false, cancellationToken);
            if (payload.Length > limit || (declared is { } length && payload.Length != length))
            {
                throw DigestMismatchException.Undecodable(signature, "the hub sent a body of the wrong length");
            }

            return payload;
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _grpc.Dispose();
    }

    // gRPC first; REST when the hub (or what stands in front of it) turns out not to speak gRPC.
    private async Task<T> EitherAsync<T>(Func<Task<T>> grpc, Func<Task<T>> rest)
    {
        if (_grpcUnusable)
        {
            return await rest();
        }

        try
        {
            return await grpc();
        }
        catch (GrpcException e) when (GrpcFailures.MeansNoGrpc(e) || e.Status == GrpcStatusCode.Unavailable)
        {
            // Whether HTTP/2 was refused or the hub is down, REST decides: it works (and is used from now on),
            // or its failure is the one to report.
            var result = await rest();
            _grpcUnusable = true;
            return result;
        }
        catch (GrpcException e)
        {
            throw GrpcFailures.ToHubFailure(BaseAddress, e);
        }
    }

    private static HttpRequestMessage WithPushId(HttpRequestMessage request, string? pushId)
    {
        if (pushId is not null)
        {
            request.Headers.Add(ApiPaths.PushIdHeader, pushId);
        }

        return request;
    }

    private static byte[] Brotli(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var brotli = new System.IO.Compression.BrotliStream(output, System.IO.Compression.CompressionLevel.Optimal))
        {
            brotli.Write(bytes);
        }

        return output.ToArray();
    }

    private static ByteArrayContent Bytes(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    private async Task<T?> GetJsonAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await response.Content.ReadFromJsonAsync(type, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        HttpResponseMessage response;
        using (var message = request())
        {
            try
            {
                response = await _http.SendAsync(message, completion, cancellationToken);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                throw new HubUnavailableException(BaseAddress, e);
            }
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var (message, title) = await ProblemAsync(response, cancellationToken);
            throw new HubException((int)response.StatusCode, message, title);
        }
    }

    private static async Task<(string Message, string? Title)> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ProblemDetails, cancellationToken);
            if (problem?.Detail is { Length: > 0 } detail)
            {
                return (detail, problem.Title);
            }
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not a problem document (a proxy's error page, say): fall back to the status line.
        }

        return ($"hub answered {(int)response.StatusCode} {response.ReasonPhrase}", null);
    }
}
