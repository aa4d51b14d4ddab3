using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AetherFS.Client.Fetch;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Peers;

/// <summary>
/// Asks one peer for a batch of blocks (<see cref="PeerProtocol.BlocksPath"/>) with the cluster token. A peer that
/// answers nothing for longer than the idle bound is given up on, so a slow peer costs a sync that bound, not the
/// time the hub would take.
/// </summary>
public sealed class PeerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;
    private readonly string _id;
    private readonly TimeSpan _idle;

    /// <param name="id">This agent's id, sent with each request: a peer that is this agent answers 421.</param>
    /// <param name="idle">How long a peer may stay silent (before its answer, or between two blocks).</param>
    /// <param name="trustedRoots">Private roots trusted besides the system's, for peers that serve HTTPS with their certificates.</param>
    public PeerClient(string token, string id, TimeSpan idle, HttpMessageHandler? handler = null, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? trustedRoots = null)
    {
        _token = token;
        _id = id;
        _idle = idle;
        _http = new HttpClient(handler ?? CreateHandler(idle, trustedRoots))
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>
    /// Sends every block the peer returns to <paramref name="onPayload"/> (which verifies it); blocks it does not send
    /// are ones it does not hold. False when the peer is this agent. Throws <see cref="PeerFailedException"/> when
    /// the peer refused, failed, was too slow, sent a record that is not one or ended its answer inside a block.
    /// </summary>
    /// <param name="cachedOnly">Ask for what the peer holds now, without its fetching anything from the hub.</param>
    public async Task<bool> FetchAsync(Uri peer, IReadOnlyList<BlockRef> blocks, bool cachedOnly, Func<BlockRef, PooledBuffer, Task> onPayload, CancellationToken cancellationToken)
    {
        var pending = blocks.ToDictionary(b => b.Signature, StringComparer.Ordinal);
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(_idle);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(peer, PeerProtocol.BlocksPath))
            {
                Content = JsonContent.Create(new PeerBlocksRequest([.. blocks.Select(b => new PeerBlock(b.Signature, b.Size))]) { CachedOnly = cachedOnly }, PeerJsonContext.Default.PeerBlocksRequest),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
            request.Headers.Add(PeerProtocol.PeerIdHeader, _id);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, silence.Token);
            if (response.StatusCode == HttpStatusCode.MisdirectedRequest)
            {
                return false;
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new PeerFailedException(peer, $"answered {(int)response.StatusCode}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(silence.Token);
            var records = new BlockRecordReader(body, $"peer {peer}");
            while (true)
            {
                silence.CancelAfter(_idle);
                var record = await records.NextAsync(s => pending.Remove(s, out var b) ? b : null, 0, silence.Token);
                if (record is not { } received)
                {
                    return true;
                }

                using var payload = received.Payload;
                await onPayload(received.Block, payload);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new PeerFailedException(peer, $"was silent for {_idle.TotalSeconds:0.#} s", e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
        {
            throw new PeerFailedException(peer, e.Message, e);
        }
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler(TimeSpan idle, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2>? trustedRoots)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = idle, MaxConnectionsPerServer = 8 };
        if (trustedRoots is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = Hub.PrivateRootTrust.Callback(trustedRoots);
        }

        return handler;
    }
}
