using System.Net;
using System.Security.Cryptography;
using AetherFS.Client.Peers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Client.Tests.Peers;

public sealed class PeerFetcherTests
{
    private static readonly Uri A = new("http://127.0.0.1:9001/");
    private static readonly Uri B = new("http://127.0.0.1:9002/");
    private static readonly Uri C = new("http://127.0.0.1:9003/");

    private readonly Dictionary<string, byte[]> _payloads = [];
    private readonly List<BlockRef> _blocks = [];

    public PeerFetcherTests()
    {
        for (var i = 0; i < 40; i++)
        {
            var raw = RandomNumberGenerator.GetBytes(1000 + i);
            var signature = Convert.ToHexStringLower(SHA256.HashData(raw));
            using var payload = BlockPayload.Encode(raw, 1);
            _payloads[signature] = payload.Memory.ToArray();
            _blocks.Add(new BlockRef(signature, raw.Length));
        }
    }

    [Fact]
    public async Task ASilentPeer_IsHedgedWithTheHub_AfterTheLatencyBound_AndSetAside()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var peers = new PeerEndpoints();
        peers.Hangs(A.Port);
        var membership = new PeerMembership([A], clock);
        using var client = new PeerClient("token-token-token-token", "me", TimeSpan.FromMinutes(5), peers);
        var fetcher = new PeerFetcher(membership, client, TimeSpan.FromSeconds(1), clock);
        List<BlockRef>? hedged = null;

        var fetching = fetcher.FetchAsync(_blocks, (_, _) => Task.CompletedTask, (rest, _) => Task.FromResult(hedged = rest), CancellationToken.None);
        await peers.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(50);
        Assert.Null(hedged);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        var forHub = await fetching.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(forHub);
        Assert.Equal(_blocks.Select(b => b.Signature).Order(), hedged!.Select(b => b.Signature).Order());
        Assert.True(membership.IsSetAside(A));
    }

    [Fact]
    public void TheHedgingBound_FollowsTheHub_NeverUnderTheLeast()
    {
        using var client = new PeerClient("token-token-token-token", "me", TimeSpan.FromSeconds(30), new PeerEndpoints());
        var fetcher = new PeerFetcher(new PeerMembership([A]), client, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), fetcher.HedgeAfter);

        fetcher.RecordHubLatency(TimeSpan.FromMilliseconds(200));
        Assert.Equal(TimeSpan.FromSeconds(1), fetcher.HedgeAfter);

        // A slow hub: an owner that must fetch from it first is given twice its latency before it is hedged.
        for (var i = 0; i < 64; i++)
        {
            fetcher.RecordHubLatency(TimeSpan.FromSeconds(3));
        }

        Assert.Equal(TimeSpan.FromSeconds(6), fetcher.HedgeAfter);
    }

    [Fact]
    public async Task APeerListThatChangesDuringAFetch_SendsTheRestToTheNewPeers_WithoutStalling()
    {
        var peers = new PeerEndpoints();
        var membership = new PeerMembership([A]);
        // A fails, and the list is re-read meanwhile: A is gone, B and C came (a rolling restart).
        peers.Answers(A.Port, HttpStatusCode.ServiceUnavailable, () => membership.Update([B, C]));
        peers.Holds(B.Port, _payloads);
        peers.Holds(C.Port, _payloads);
        using var client = new PeerClient("token-token-token-token", "me", TimeSpan.FromSeconds(30), peers);
        var fetcher = new PeerFetcher(membership, client, TimeSpan.FromSeconds(30));
        var accepted = new List<string>();

        var forHub = await fetcher.FetchAsync(
            _blocks,
            (block, payload) =>
            {
                using var verified = BlockPayload.Decode(payload.Span, block.Signature, block.Size);
                lock (accepted)
                {
                    accepted.Add(block.Signature);
                }

                return Task.CompletedTask;
            },
            hedge: null,
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(forHub);
        Assert.Equal(_blocks.Select(b => b.Signature).Order(), accepted.Order());
        Assert.Contains(peers.Requests, r => r.Port == B.Port);
        Assert.Contains(peers.Requests, r => r.Port == C.Port);
    }

    [Fact]
    public async Task BlocksThisAgentOwns_GoToTheHub_AndOthersToTheirOwner_InOneBatchEach()
    {
        var peers = new PeerEndpoints();
        peers.Holds(B.Port, _payloads);
        peers.Holds(C.Port, _payloads);
        var membership = new PeerMembership([A, B, C]);
        membership.MarkSelf(A);
        using var client = new PeerClient("token-token-token-token", "me", TimeSpan.FromSeconds(30), peers);
        var fetcher = new PeerFetcher(membership, client, TimeSpan.FromSeconds(30));

        var forHub = await fetcher.FetchAsync(_blocks, (_, _) => Task.CompletedTask, hedge: null, CancellationToken.None);

        Assert.Equal(_blocks.Where(b => membership.Place(b.Signature, 1)[0] == A).Select(b => b.Signature).Order(), forHub.Select(b => b.Signature).Order());
        Assert.NotEmpty(forHub);
        Assert.DoesNotContain(peers.Requests, r => r.Port == A.Port);
        Assert.Equal(2, peers.Requests.Count);
        Assert.All(peers.Requests, r => Assert.All(r.Request.Blocks, b => Assert.Equal(r.Port, membership.Place(b.Signature, 1)[0].Port)));
    }

    [Fact]
    public async Task APeerAnsweringSomethingElseThanRecords_IsSetAside_AndItsBlocksGoToTheHub()
    {
        var peers = new PeerEndpoints();
        peers.SendsGarbage(B.Port);
        var membership = new PeerMembership([B]);
        using var client = new PeerClient("token-token-token-token", "me", TimeSpan.FromSeconds(30), peers);
        var fetcher = new PeerFetcher(membership, client, TimeSpan.FromSeconds(30));

        var forHub = await fetcher.FetchAsync(_blocks, (_, _) => Task.CompletedTask, hedge: null, CancellationToken.None);

        Assert.Equal(_blocks.Count, forHub.Count);
        Assert.True(membership.IsSetAside(B));
    }

    [Fact]
    public async Task ABlockThatDoesNotVerify_SetsThePeerAside_AndGoesToTheBackup()
    {
        var peers = new PeerEndpoints();
        var poisoned = _payloads.ToDictionary(p => p.Key, p => (byte[])p.Value.Clone());
        foreach (var payload in poisoned.Values)
        {
            payload[^1] ^= 0xFF;
        }

        var membership = new PeerMembership([B, C]);
        var owner = membership.Place(_blocks[0].Signature)[0];
        var backup = membership.Place(_blocks[0].Signature)[1];
        peers.Holds(owner.Port, poisoned);
        peers.Holds(backup.Port, _payloads);
        using var client = new PeerClient("token-token-token-token", "me", TimeSpan.FromSeconds(30), peers);
        var fetcher = new PeerFetcher(membership, client, TimeSpan.FromSeconds(30));

        var forHub = await fetcher.FetchAsync([_blocks[0]], (block, payload) =>
        {
            BlockPayload.Decode(payload.Span, block.Signature, block.Size).Dispose();
            return Task.CompletedTask;
        }, hedge: null, CancellationToken.None);

        Assert.Empty(forHub);
        Assert.True(membership.IsSetAside(owner));
        Assert.Equal([owner.Port, backup.Port], peers.Requests.Select(r => r.Port));
    }
}
