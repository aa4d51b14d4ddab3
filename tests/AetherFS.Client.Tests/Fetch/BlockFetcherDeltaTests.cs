using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Tests.Fetch;

public sealed class BlockFetcherDeltaTests : IDisposable
{
    private static readonly DateTime Time = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _root = new();
    private readonly BlockFetchEndpoint _hub = new();
    private readonly byte[] _v1 = Records(version: 1);
    private readonly byte[] _v2 = Records(version: 2);
    private readonly BlockRef _base;
    private readonly BlockRef _block;
    private readonly DeltaBasis _basis;

    public BlockFetcherDeltaTests()
    {
        _base = Ref(_v1);
        _block = Ref(_v2);
        _basis = new("sha256:" + new string('1', 64), "sha256:" + new string('2', 64), [Ref(Records(version: 0)), _base]);
        _hub.Full[_base.Signature] = Full(_v1);
        _hub.Full[_block.Signature] = Full(_v2);
        _hub.Deltas[_block.Signature] = Delta(_v2, _v1);
    }

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Delta_WithItsBaseInTheCache_IsDecodedWithoutFetchingTheBase()
    {
        var cache = Cache();
        await cache.PutAsync(_base.Signature, _hub.Full[_base.Signature], CancellationToken.None);
        var counters = new FetchCounters();

        using var fetched = await Fetcher(cache).FetchManyAsync([_block], null, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        var request = Assert.Single(_hub.Requests);
        Assert.Equal((_basis.Have, _basis.Version), (request.Have, request.Version));
        Assert.Equal((1, 1, _hub.Deltas[_block.Signature].Length, 0), (counters.Downloaded, counters.Deltas, counters.BytesDelta, counters.DeltaFallbacks));
        Assert.Equal(counters.BytesDelta, counters.BytesDownloaded);
        Assert.True(counters.BytesDelta < _hub.Full[_block.Signature].Length / 10, $"a delta of {counters.BytesDelta} bytes");
    }

    [Fact]
    public async Task Delta_WithItsBaseInTheHeldVersionsFiles_IsDecodedFromThem()
    {
        File.WriteAllBytes(_root.Combine("data.jsonl"), _v1);
        var local = new LocalVersionSource(_root.Path, new Manifest(ChunkingParameters.FixedSize(1 << 20), [new ManifestEntry("data.jsonl", EntryType.File, _v1.Length, 0b110_100_100, Time)], [_base]));
        var counters = new FetchCounters();

        using var fetched = await Fetcher(cache: null).FetchManyAsync([_block], local, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        Assert.Single(_hub.Requests);
        Assert.Equal((1, 0), (counters.Deltas, counters.DeltaFallbacks));
    }

    [Fact]
    public async Task Delta_WhoseBaseIsHeldNowhere_IsFetchedAgainFullWithoutHave()
    {
        var cache = Cache();
        var counters = new FetchCounters();

        using var fetched = await Fetcher(cache).FetchManyAsync([_block], null, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        Assert.Equal(2, _hub.Requests.Count);
        Assert.Equal([_block.Signature], _hub.Requests[1].Signatures);
        Assert.Equal((null, null), (_hub.Requests[1].Have, _hub.Requests[1].Version));
        Assert.Equal((1, 0, 1), (counters.Downloaded, counters.Deltas, counters.DeltaFallbacks));
        Assert.Equal(_hub.Deltas[_block.Signature].Length + _hub.Full[_block.Signature].Length, counters.BytesDownloaded);
    }

    [Fact]
    public async Task Delta_WhoseBaseInTheHeldFilesChanged_IsFetchedAgainFull()
    {
        var changed = _v1.ToArray();
        changed[10] ^= 1;
        File.WriteAllBytes(_root.Combine("data.jsonl"), changed);
        var local = new LocalVersionSource(_root.Path, new Manifest(ChunkingParameters.FixedSize(1 << 20), [new ManifestEntry("data.jsonl", EntryType.File, _v1.Length, 0b110_100_100, Time)], [_base]));
        var counters = new FetchCounters();

        using var fetched = await Fetcher(cache: null).FetchManyAsync([_block], local, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        Assert.Equal((0, 1), (counters.Deltas, counters.DeltaFallbacks));
        Assert.Null(_hub.Requests[1].Have);
    }

    [Fact]
    public async Task DecodedDelta_IsCachedAsAFullPayload_SoLaterReadsNeedNoBase()
    {
        var cache = Cache();
        await cache.PutAsync(_base.Signature, _hub.Full[_base.Signature], CancellationToken.None);
        using (await Fetcher(cache).FetchManyAsync([_block], null, new FetchCounters(), Timeout(), basis: _basis))
        {
        }

        // A fresh cache over the same directory reads it back with BlockPayload.Decode, which refuses deltas.
        using var cached = await Cache().TryReadAsync(_block, Timeout());

        Assert.Equal(_v2, cached!.Memory.ToArray());
    }

    [Fact]
    public async Task Delta_ThatDoesNotVerify_IsFetchedAgainFullWithoutHave()
    {
        var cache = Cache();
        await cache.PutAsync(_base.Signature, _hub.Full[_base.Signature], CancellationToken.None);
        // Claims the block's signature, but decodes to other bytes.
        _hub.Deltas[_block.Signature] = Forged(_v2, _v1);
        var counters = new FetchCounters();

        using var fetched = await Fetcher(cache).FetchManyAsync([_block], null, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        Assert.Equal(2, _hub.Requests.Count);
        Assert.Null(_hub.Requests[1].Have);
        Assert.Equal((1, 0, 1), (counters.Downloaded, counters.Deltas, counters.DeltaFallbacks));
        Assert.Equal(_hub.Deltas[_block.Signature].Length + _hub.Full[_block.Signature].Length, counters.BytesDownloaded);
    }

    [Fact]
    public async Task Delta_ThatDoesNotVerify_WhoseFullPayloadIsCorruptToo_FailsAndWritesNothing()
    {
        var cache = Cache();
        await cache.PutAsync(_base.Signature, _hub.Full[_base.Signature], CancellationToken.None);
        _hub.Deltas[_block.Signature] = Forged(_v2, _v1);
        var corrupt = _v2.ToArray();
        corrupt[100] ^= 1;
        _hub.Full[_block.Signature] = Full(corrupt);

        await Assert.ThrowsAsync<DigestMismatchException>(() => Fetcher(cache).FetchManyAsync([_block], null, new FetchCounters(), Timeout(), basis: _basis));

        Assert.Equal(2, _hub.Requests.Count);
        Assert.False(cache.Contains(_block.Signature));
    }

    [Fact]
    public async Task WithoutABasis_NoHeldVersionIsNamed_AndFullPayloadsArrive()
    {
        var counters = new FetchCounters();

        using var fetched = await Fetcher(Cache()).FetchManyAsync([_block], null, counters, Timeout());

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        var request = Assert.Single(_hub.Requests);
        Assert.Equal((null, null), (request.Have, request.Version));
        Assert.Equal((1, 0, 0L), (counters.Downloaded, counters.Deltas, counters.BytesDelta));
    }

    [Fact]
    public async Task HeldDelta_NamingItsBaseByPlaceInTheHeldVersion_IsDecoded()
    {
        var cache = Cache();
        await cache.PutAsync(_base.Signature, _hub.Full[_base.Signature], CancellationToken.None);
        _hub.Deltas[_block.Signature] = BlockDelta.Compact(_hub.Deltas[_block.Signature], _block.Signature, [1]);
        var counters = new FetchCounters();

        using var fetched = await Fetcher(cache).FetchManyAsync([_block], null, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        Assert.Single(_hub.Requests);
        Assert.Equal((1, 0), (counters.Deltas, counters.DeltaFallbacks));
    }

    [Fact]
    public async Task HeldDelta_NamingAPlaceOutsideTheHeldVersion_IsFetchedAgainFull()
    {
        _hub.Deltas[_block.Signature] = BlockDelta.Compact(_hub.Deltas[_block.Signature], _block.Signature, [7]);
        var counters = new FetchCounters();

        using var fetched = await Fetcher(Cache()).FetchManyAsync([_block], null, counters, Timeout(), basis: _basis);

        Assert.Equal(_v2, fetched[_block.Signature].Memory.ToArray());
        Assert.Equal((0, 1), (counters.Deltas, counters.DeltaFallbacks));
    }

    [Fact]
    public void Basis_IsNone_WhenNothingOrTheSameVersionIsHeld()
    {
        var held = new Manifest(ChunkingParameters.FixedSize(1 << 20), [new ManifestEntry("data.jsonl", EntryType.File, _v1.Length, 0b110_100_100, Time)], [_base]);
        Assert.Null(DeltaBasis.Between(null, held, _basis.Version));
        Assert.Null(DeltaBasis.Between(_basis.Have, null, _basis.Version));
        Assert.Null(DeltaBasis.Between(_basis.Version, held, _basis.Version));
        Assert.Equal([_base], DeltaBasis.Between(_basis.Have, held, _basis.Version)!.HeldBlocks);
    }

    private DiskBlockCache Cache() => new(_root.Combine("cache"), 64 * 1024 * 1024);

    private BlockFetcher Fetcher(DiskBlockCache? cache) => new(new HubClient(new Uri("http://hub.invalid/"), _hub), cache);

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static BlockRef Ref(byte[] data) => new(Convert.ToHexStringLower(SHA256.HashData(data)), data.Length);

    private static byte[] Full(byte[] raw)
    {
        using var payload = BlockPayload.Encode(raw, 3);
        return payload.Memory.ToArray();
    }

    private static byte[] Delta(byte[] raw, byte[] baseRaw)
    {
        using var delta = BlockDelta.Encode(raw, [new DeltaBase(Ref(baseRaw).Signature, baseRaw.Length)], baseRaw, 3, raw.Length + 1024)!;
        return delta.Memory.ToArray();
    }

    // A delta of other bytes whose header names the block's raw length and is served under its signature.
    private static byte[] Forged(byte[] raw, byte[] baseRaw)
    {
        var other = raw.ToArray();
        other[200] ^= 1;
        return Delta(other, baseRaw);
    }

    // About 64 KiB of JSON lines; each version changes a number in every 20th record, as dataset updates do.
    private static byte[] Records(int version)
    {
        var text = new StringBuilder();
        for (var i = 0; text.Length < 64 * 1024; i++)
        {
            var count = i % 20 == 0 ? (i * 7) + version : i * 7;
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"name\":\"item-{i:D6}\",\"count\":{count},\"tags\":[\"a\",\"b\"]}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString(0, 64 * 1024));
    }
}
