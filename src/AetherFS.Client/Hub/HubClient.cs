using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using Polly;

namespace AetherFS.Client.Hub;

/// <summary>
/// Typed client of a hub's REST API, the one protocol the CLI and the agent speak (docs/grpc.md says why): it passes
/// any HTTP/1.1 or HTTP/2 proxy, and measured as fast as gRPC for small calls and faster for blocks. Idempotent
/// operations are retried on transient failures (<see cref="HubRetries"/>). Failures surface as
/// <see cref="HubException"/> with the hub's kind and message, or <see cref="HubUnavailableException"/> when the hub
/// cannot be reached. Everything it reads is verified: blocks against their signatures, manifests against their digests.
/// </summary>
public sealed partial class HubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _retries;
    private readonly bool _sendsCredentials;

    /// <param name="connection">Private roots to trust and the credential to send; none by default.</param>
    public HubClient(Uri baseAddress, HttpMessageHandler? handler = null, TimeProvider? time = null, HubConnectionOptions? connection = null)
    {
        BaseAddress = baseAddress;
        handler ??= CreateHandler(connection);
        _http = new HttpClient(connection?.CredentialSource is { } source ? new CredentialHandler(source, handler) : handler)
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
            // Manifests and JSON are buffered; blocks are streamed into exact-size buffers. Bound what a hostile
            // hub can make this process hold.
            MaxResponseContentBufferSize = ApiPaths.MaxManifestBytes,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("aetherfs", typeof(HubClient).Assembly.GetName().Version?.ToString(3)));
        // HttpClient never forwards Authorization on a redirect: the credential goes to the named hub alone.
        _http.DefaultRequestHeaders.Authorization = connection?.CredentialSource is null ? connection?.Credential?.ToHeader() : null;
        _sendsCredentials = connection?.Credential is not null || connection?.CredentialSource is not null;
        _retries = HubRetries.Create(time ?? TimeProvider.System);
    }

    public Uri BaseAddress { get; }

    public Task<DatasetListResponse> ListDatasetsAsync(int limit, string? after, CancellationToken cancellationToken) =>
        RetryAsync(ct => GetJsonAsync(ApiPaths.ListDatasets(limit, after), ProtocolJsonContext.Default.DatasetListResponse, ct), cancellationToken);

    public Task<TagListResponse> ListTagsAsync(string name, CancellationToken cancellationToken) =>
        RetryAsync(ct => GetJsonAsync(ApiPaths.Tags(name), ProtocolJsonContext.Default.TagListResponse, ct), cancellationToken);

    /// <summary>
    /// Who the hub takes this client for (<c>GET /api/v1/auth/whoami</c>); null from a hub that does not check
    /// credentials: one without that endpoint, or one without authentication, which takes a caller who sent
    /// credentials for anonymous. Wrong credentials fail with <see cref="HubException.IsUnauthenticated"/>.
    /// </summary>
    public async Task<HubIdentity?> WhoAmIAsync(CancellationToken cancellationToken)
    {
        try
        {
            var identity = await RetryAsync(ct => GetJsonAsync(ApiPaths.WhoAmI, HubIdentityJsonContext.Default.HubIdentity, ct), cancellationToken);
            return identity.Kind == "anonymous" && _sendsCredentials ? null : identity;
        }
        catch (HubException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The OpenID Connect issuer the hub takes tokens from, with the public client a CLI logs in as
    /// (<c>GET /api/v1/auth/config</c>); null when the hub has none, or no client for logins, or is older.
    /// </summary>
    public async Task<Credentials.HubOidcSettings?> GetOidcSettingsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Credentials.HubOidcSettings.From(
                await RetryAsync(ct => GetJsonAsync(ApiPaths.AuthConfig, ProtocolJsonContext.Default.AuthConfigResponse, ct), cancellationToken));
        }
        catch (HubException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public Task<TagInfo> GetTagAsync(string name, string tag, CancellationToken cancellationToken) =>
        RetryAsync(ct => GetJsonAsync(ApiPaths.Tag(name, tag), ProtocolJsonContext.Default.TagInfo, ct), cancellationToken);

    /// <summary>One attempt, no retries: for a caller with its own backoff (the agent's watcher), which must learn
    /// at once that the hub is gone.</summary>
    public Task<TagInfo> GetTagOnceAsync(string name, string tag, CancellationToken cancellationToken) =>
        GetJsonAsync(ApiPaths.Tag(name, tag), ProtocolJsonContext.Default.TagInfo, cancellationToken);

    /// <summary>A manifest by tag or digest, checked to hash to its digest (and to the digest asked for).</summary>
    public Task<(string Digest, Manifest Manifest)> GetManifestAsync(string name, string tagOrDigest, CancellationToken cancellationToken) =>
        GetManifestAsync(name, tagOrDigest, held: null, cancellationToken);

    /// <summary>As <see cref="GetManifestAsync(string, string, CancellationToken)"/>, sent as a delta against <paramref name="held"/> when the hub can.</summary>
    public async Task<(string Digest, Manifest Manifest)> GetManifestAsync(string name, string tagOrDigest, HeldManifest? held, CancellationToken cancellationToken)
    {
        var fetched = await GetManifestBytesAsync(name, tagOrDigest, held, cancellationToken);
        return (fetched.Digest, ManifestSerializer.Parse(fetched.Bytes));
    }

    /// <summary>
    /// A manifest's canonical bytes by tag or digest, checked to hash to its digest. Asked for as the hub stores it (a
    /// zstd payload): compressed on the wire at no CPU cost to the hub, and decoded and verified here.
    /// </summary>
    public async Task<(string Digest, byte[] Bytes)> GetManifestBytesAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        var fetched = await GetManifestBytesAsync(name, tagOrDigest, held: null, cancellationToken);
        return (fetched.Digest, fetched.Bytes);
    }

    /// <summary>
    /// As <see cref="GetManifestBytesAsync(string, string, CancellationToken)"/>, naming the manifest this client holds
    /// (<see cref="ApiPaths.HaveManifestHeader"/>): the hub may answer with a delta against it, decoded here against
    /// <paramref name="held"/>'s bytes and verified alike. A delta that does not decode is fetched again, full.
    /// </summary>
    public async Task<FetchedManifest> GetManifestBytesAsync(string name, string tagOrDigest, HeldManifest? held, CancellationToken cancellationToken)
    {
        if (held is null)
        {
            return await FetchManifestBytesAsync(name, tagOrDigest, inspect: false, held: null, cancellationToken);
        }

        try
        {
            return await FetchManifestBytesAsync(name, tagOrDigest, inspect: false, held, cancellationToken);
        }
        catch (DigestMismatchException)
        {
            return await FetchManifestBytesAsync(name, tagOrDigest, inspect: false, held: null, cancellationToken);
        }
    }

    /// <summary>
    /// A manifest by tag or digest, verified as <see cref="GetManifestAsync(string, string, CancellationToken)"/>, for a
    /// command that only looks at the version (ls, inspect, tag): the hub does not count it as a pull (<see cref="ApiPaths.InspectHeader"/>).
    /// </summary>
    public async Task<(string Digest, Manifest Manifest)> InspectManifestAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        var fetched = await FetchManifestBytesAsync(name, tagOrDigest, inspect: true, held: null, cancellationToken);
        return (fetched.Digest, ManifestSerializer.Parse(fetched.Bytes));
    }

    /// <summary>A manifest's canonical bytes, verified, fetched as <see cref="InspectManifestAsync"/> is (not counted as a pull).</summary>
    public Task<FetchedManifest> InspectManifestBytesAsync(string name, string tagOrDigest, CancellationToken cancellationToken) =>
        FetchManifestBytesAsync(name, tagOrDigest, inspect: true, held: null, cancellationToken);

    private Task<FetchedManifest> FetchManifestBytesAsync(string name, string tagOrDigest, bool inspect, HeldManifest? held, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(
                    () =>
                    {
                        var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.DatasetManifest(name, tagOrDigest));
                        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(BlockPayload.MediaType));
                        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ApiPaths.ManifestMediaType, 0.5));
                        if (inspect)
                        {
                            request.Headers.Add(ApiPaths.InspectHeader, "1");
                        }

                        if (held is not null)
                        {
                            request.Headers.Add(ApiPaths.HaveManifestHeader, held.Digest);
                        }

                        return request;
                    },
                    ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                var expected = Digest.IsValid(tagOrDigest)
                    ? tagOrDigest
                    : response.Headers.TryGetValues(ApiPaths.ManifestDigestHeader, out var values) ? values.First() : null;
                if (response.Content.Headers.ContentType?.MediaType == BlockPayload.MediaType)
                {
                    // Decoding verifies: a payload is named by the SHA-256 of what it decodes to.
                    var digest = expected ?? throw DigestMismatchException.Undecodable(tagOrDigest, "the hub named no digest for the manifest");
                    if (ManifestDelta.IsDelta(body))
                    {
                        var baseManifest = held ?? throw DigestMismatchException.Undecodable(Digest.HexPart(digest), "the hub sent a delta though this client named no manifest it holds");
                        return new FetchedManifest(digest, ManifestDelta.Decode(body, digest, baseManifest.Digest, baseManifest.Bytes.Span), body.Length, AsDelta: true);
                    }

                    using var manifest = BlockPayload.Decode(body, Digest.HexPart(digest), maxRawLength: ApiPaths.MaxManifestBytes);
                    return new FetchedManifest(digest, manifest.Memory.ToArray(), body.Length, AsDelta: false);
                }

                var actual = Digest.Compute(body);
                return actual == (expected ?? actual)
                    ? new FetchedManifest(actual, body, response.Content.Headers.ContentLength ?? body.Length, AsDelta: false)
                    : throw new DigestMismatchException(expected!, actual);
            },
            cancellationToken);

    /// <summary>Uploads a manifest as part of the push <paramref name="pushId"/> (see <see cref="ApiPaths.PushIdHeader"/>), Brotli-compressed on the wire.</summary>
    public Task PutManifestAsync(string digest, byte[] bytes, string? pushId, CancellationToken cancellationToken) =>
        PutManifestAsync(digest, bytes, previous: null, pushId, cancellationToken);

    /// <summary>
    /// Uploads a manifest as part of the push <paramref name="pushId"/>: as a delta against <paramref name="previous"/>
    /// (a manifest the hub holds) when that is shorter than the manifest Brotli-compressed, else compressed. A hub that
    /// refuses the delta (it lacks the base, or is older) gets the manifest compressed, once. Returns the bytes sent.
    /// </summary>
    public async Task<long> PutManifestAsync(string digest, byte[] bytes, HeldManifest? previous, string? pushId, CancellationToken cancellationToken)
    {
        var compressed = Brotli(bytes);
        using var delta = previous is null || previous.Digest == digest ? null : ManifestDelta.Encode(bytes, previous.Digest, previous.Bytes.Span, compressed.Length);
        long sent = 0;
        if (delta is not null)
        {
            try
            {
                await PutManifestBodyAsync(digest, delta.Memory, BlockPayload.MediaType, encoding: null, pushId, cancellationToken);
                return delta.Length;
            }
            catch (HubException e) when (e.Status is 400 or 415)
            {
                sent = delta.Length;
            }
        }

        await PutManifestBodyAsync(digest, compressed, ApiPaths.ManifestMediaType, encoding: "br", pushId, cancellationToken);
        return sent + compressed.Length;
    }

    private Task PutManifestBodyAsync(string digest, ReadOnlyMemory<byte> body, string mediaType, string? encoding, string? pushId, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(
                    () =>
                    {
                        var content = new ReadOnlyMemoryContent(body);
                        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
                        if (encoding is not null)
                        {
                            content.Headers.ContentEncoding.Add(encoding);
                        }

                        return WithPushId(new HttpRequestMessage(HttpMethod.Put, ApiPaths.Manifest(digest)) { Content = content }, pushId);
                    },
                    ct);
                return digest;
            },
            cancellationToken);

    /// <summary>Points a tag at a manifest; with <paramref name="pushId"/>, ends that push (the hub releases its claims).</summary>
    public Task<TagInfo> PutTagAsync(string name, string tag, string digest, string? publisher, string? pushId, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(
                    () => WithPushId(
                        new HttpRequestMessage(HttpMethod.Put, ApiPaths.Tag(name, tag))
                        {
                            Content = JsonContent.Create(new PutTagRequest(digest, publisher), ProtocolJsonContext.Default.PutTagRequest),
                        },
                        pushId),
                    ct);
                return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.TagInfo, ct))!;
            },
            cancellationToken);

    /// <summary>Gives up the claims of a push that failed, so garbage collection need not keep what it uploaded.</summary>
    public async Task AbandonPushAsync(string pushId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"{ApiPaths.Pushes}/{pushId}"), cancellationToken);
    }

    /// <summary>Deletes a tag. Not retried: a retry after a lost answer would report the tag missing.</summary>
    public async Task DeleteTagAsync(string name, string tag, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ApiPaths.Tag(name, tag)), cancellationToken);
    }

    /// <summary>
    /// The signatures the hub lacks, asked for the push <paramref name="pushId"/> in batches of at most
    /// <see cref="MissingBlocksRequest.MaxSignatures"/>: the hub claims them all for it, so garbage collection keeps
    /// those present and those uploaded next until the push's tag is written.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingBlocksAsync(IReadOnlyList<string> signatures, string? pushId, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var batch in signatures.Chunk(MissingBlocksRequest.MaxSignatures))
        {
            var answer = await RetryAsync(
                async ct =>
                {
                    using var response = await SendAsync(
                        () => WithPushId(
                            new HttpRequestMessage(HttpMethod.Post, ApiPaths.MissingBlocks)
                            {
                                Content = JsonContent.Create(new MissingBlocksRequest(batch), ProtocolJsonContext.Default.MissingBlocksRequest),
                            },
                            pushId),
                        ct);
                    return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.MissingBlocksResponse, ct))!;
                },
                cancellationToken);
            missing.AddRange(answer.Missing);
        }

        return missing;
    }

    /// <summary>
    /// Uploads a pack (one request, streamed from its spool file; the hub verifies every block before it answers) for the push
    /// <paramref name="pushId"/>. Retried as a whole: the same bytes have the same name, so a retry after a lost answer
    /// stores nothing twice.
    /// </summary>
    public Task PutPackAsync(Core.Packs.BuiltPack pack, string? pushId, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(
                    () =>
                    {
                        var content = new StreamContent(pack.OpenRead(), 1024 * 1024);
                        content.Headers.ContentType = new MediaTypeHeaderValue(Core.Packs.PackFormat.MediaType);
                        content.Headers.ContentLength = pack.Length;
                        return WithPushId(new HttpRequestMessage(HttpMethod.Put, ApiPaths.Pack(pack.Id)) { Content = content }, pushId);
                    },
                    ct);
                return pack.Id;
            },
            cancellationToken);

    /// <summary>Uploads a block as an encoded payload (see <see cref="BlockPayload"/>), claimed for the push <paramref name="pushId"/>.</summary>
    public Task PutBlockAsync(string signature, ReadOnlyMemory<byte> payload, string? pushId, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(
                    () =>
                    {
                        var content = new ReadOnlyMemoryContent(payload);
                        content.Headers.ContentType = new MediaTypeHeaderValue(BlockPayload.MediaType);
                        return WithPushId(new HttpRequestMessage(HttpMethod.Put, ApiPaths.Block(signature)) { Content = content }, pushId);
                    },
                    ct);
                return signature;
            },
            cancellationToken);

    /// <summary>
    /// Downloads a block's encoded payload, as the hub stores it, into a pooled buffer. The caller decodes and
    /// verifies it with <see cref="BlockPayload.Decode"/>; a body longer than a block of <paramref name="rawSize"/>
    /// bytes can be is refused before it is read.
    /// </summary>
    public Task<PooledBuffer> GetBlockPayloadAsync(string signature, int rawSize, CancellationToken cancellationToken) =>
        RetryAsync(ct => ReadBlockPayloadAsync(signature, rawSize, ct), cancellationToken);

    /// <summary>
    /// Downloads many blocks in one request (<see cref="ApiPaths.FetchBlocks"/>): the hub reads them from its packs in
    /// few ranged reads and sends their payloads as records, in its own order. Each payload goes to
    /// <paramref name="onPayload"/>, which decodes and verifies it; a payload longer than its block could need is refused
    /// before it is read. A response cut short is retried for the blocks not yet received.
    /// </summary>
    public Task FetchBlocksAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> onPayload, CancellationToken cancellationToken) =>
        FetchBlocksAsync(blocks, onPayload, basis: null, cancellationToken);

    /// <summary>
    /// As <see cref="FetchBlocksAsync(IReadOnlyList{BlockRef}, Func{BlockRef, PooledBuffer, Task}, CancellationToken)"/>,
    /// naming what the caller holds: with a <paramref name="basis"/>, the hub may answer any block as a delta
    /// (<see cref="BlockDelta"/>) against blocks of <see cref="Fetch.DeltaBasis.Have"/>; without, every payload is full.
    /// </summary>
    public Task FetchBlocksAsync(IReadOnlyList<BlockRef> blocks, Func<BlockRef, PooledBuffer, Task> onPayload, Fetch.DeltaBasis? basis, CancellationToken cancellationToken)
    {
        var pending = new Dictionary<string, BlockRef>(StringComparer.Ordinal);
        foreach (var block in blocks)
        {
            pending.TryAdd(block.Signature, block);
        }

        return RetryAsync(
            async ct =>
            {
                foreach (var batch in pending.Keys.Chunk(FetchBlocksRequest.MaxSignatures).ToList())
                {
                    await FetchBatchAsync(batch, pending, onPayload, basis, ct);
                }

                return pending.Count;
            },
            cancellationToken);
    }

    /// <summary>
    /// Follows tags of one dataset (server-sent events): each tag's current version, then every move or deletion,
    /// until cancelled or the connection ends. A tag that does not exist yet is reported when it is first published.
    /// </summary>
    public async IAsyncEnumerable<TagEvent> WatchAsync(string name, IReadOnlyList<string> tags, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, ApiPaths.Watch(name, tags));
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
                return request;
            },
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var events = SseParser.Create(body, (type, data) => (Type: type, Tag: JsonSerializer.Deserialize(data, ProtocolJsonContext.Default.TagInfo)));
        await foreach (var item in events.EnumerateAsync(cancellationToken))
        {
            if (item.Data.Tag is { } tag)
            {
                yield return new TagEvent(tag, item.EventType == "deleted");
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler(HubConnectionOptions? connection)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = 32,
            // The hub compresses manifests and JSON; block payloads carry their own compression.
            AutomaticDecompression = DecompressionMethods.Brotli | DecompressionMethods.GZip,
        };
        if (connection?.TrustedRoots is { Count: > 0 } roots)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = PrivateRootTrust.Callback(roots);
        }

        return handler;
    }

    private async Task FetchBatchAsync(string[] batch, Dictionary<string, BlockRef> pending, Func<BlockRef, PooledBuffer, Task> onPayload, Fetch.DeltaBasis? basis, CancellationToken cancellationToken)
    {
        var request = new FetchBlocksRequest(batch) { Have = basis?.Have, Version = basis?.Version };
        // A delta names its bases (a count byte and 36 bytes each) before its frame: that much more may arrive.
        var deltaHeader = basis is null ? 0 : 1 + (36 * BlockDelta.MaxBases);
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, ApiPaths.FetchBlocks)
            {
                Content = JsonContent.Create(request, ProtocolJsonContext.Default.FetchBlocksRequest),
            },
            cancellationToken,
            HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var records = new Fetch.BlockRecordReader(body, "the hub");
        var asked = batch.ToHashSet(StringComparer.Ordinal);
        while (asked.Overlaps(pending.Keys))
        {
            var record = await records.NextAsync(s => asked.Contains(s) && pending.Remove(s, out var b) ? b : null, deltaHeader, cancellationToken)
                ?? throw new HttpIOException(HttpRequestError.ResponseEnded, "the hub ended the response before every block was sent");
            using var payload = record.Payload;
            await onPayload(record.Block, payload);
        }
    }

    private async Task<PooledBuffer> ReadBlockPayloadAsync(string signature, int rawSize, CancellationToken cancellationToken)
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

    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        await _retries.ExecuteAsync(async ct => await operation(ct), cancellationToken);

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

    private async Task<T> GetJsonAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return (await response.Content.ReadFromJsonAsync(type, cancellationToken))!;
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
            throw await FailureAsync(response, BaseAddress, cancellationToken);
        }
    }

    // The hub answers failures as problem documents; anything else (a proxy's error page) keeps its status line.
    private static async Task<HubException> FailureAsync(HttpResponseMessage response, Uri hub, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var transient = status is 502 or 503 or 504;
        var refused = response.RequestMessage is { } request ? $"{request.Method} {request.RequestUri?.AbsolutePath}" : null;
        try
        {
            var problem = await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.ProblemDocument, cancellationToken);
            if (problem?.Detail is { Length: > 0 } detail)
            {
                return new HubException(ErrorKinds.FromHttp(status, problem.Title), detail, transient) { Status = status, Hub = hub, Request = refused };
            }
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            // Not a problem document: fall back to the status line.
        }

        return new HubException(ErrorKinds.FromHttp(status, null), $"hub answered {status} {response.ReasonPhrase}", transient) { Status = status, Hub = hub, Request = refused };
    }
}
