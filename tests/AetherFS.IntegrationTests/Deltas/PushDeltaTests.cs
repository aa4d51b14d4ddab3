using System.Net;
using System.Net.Http.Headers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;
using Xunit.Abstractions;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// The producer that pushed v1 from this machine uploads v2 as deltas against it (its push cache), and the hub stores
/// what they decode to: consumers read exactly v2. The hub decodes and verifies every delta it receives; one it
/// cannot (a forged signature, a bomb, a base it lacks) fails its pack, of which nothing is stored.
/// </summary>
public sealed class PushDeltaTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _temp = new();

    public PushDeltaTests(HubFixture fixture, ITestOutputHelper output)
    {
        _hub = fixture.Hub;
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PushOfV2_FromTheCacheThatPushedV1_UploadsDeltas_AndPullsGetExactlyV2()
    {
        var source = _temp.Combine("pushdelta");
        TreeBuilder.WriteFile(source, "README.md", "# records\n"u8.ToArray());
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(1));
        var env = _hub.Environment(_temp.Combine("push-cache"));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/a:v1", source)).AssertSuccess();
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(2));

        var update = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/a:v2", source, "--json")).AssertSuccess().Json();

        // The same two pushes, each from an empty cache, to a hub of their own: v2 goes full.
        await using var other = await HubHost.StartAsync();
        var full = await PushBothFromEmptyCachesAsync(other, source);
        _output.WriteLine($"from v1's cache: {update}\nfrom an empty cache: {full}");
        var (deltas, deltaBytes, bytes) = (update.GetProperty("blocksDelta").GetInt32(), update.GetProperty("bytesDelta").GetInt64(), update.GetProperty("bytesUploaded").GetInt64());
        Assert.True(deltas >= 30, $"{deltas} blocks as deltas");
        Assert.True(deltaBytes > 0 && deltaBytes <= bytes);
        Assert.Equal((0, 0L), (full.GetProperty("blocksDelta").GetInt32(), full.GetProperty("bytesDelta").GetInt64()));
        Assert.Equal(full.GetProperty("blocksUploaded").GetInt32(), update.GetProperty("blocksUploaded").GetInt32());
        Assert.True(bytes * 10 < full.GetProperty("bytesUploaded").GetInt64(), $"{bytes} B from v1's cache against {full.GetProperty("bytesUploaded")} B from an empty one");

        (await Infrastructure.Cli.RunAsync(_hub.Environment(_temp.Combine("fresh-cache")), "pull", "pushdelta/a:v2", _temp.Combine("fresh"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("fresh"));
        using var http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromMinutes(1) };
        Assert.Equal(DeltaVersions.Records(2), await http.GetByteArrayAsync(new Uri("/fs/pushdelta/a/v2/data/records.jsonl", UriKind.Relative)));
    }

    [Fact]
    public async Task PushWithNoCache_KeepsNothing_SoTheNextPushGoesFull()
    {
        var source = _temp.Combine("nocache");
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(1));
        // A hub of its own: the other tests here store the same records.
        await using var hub = await HubHost.StartAsync();
        var env = hub.Environment(_temp.Combine("nocache-cache"));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/nocache:v1", "--no-cache", source)).AssertSuccess();
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(2));

        var update = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/nocache:v2", source, "--json")).AssertSuccess().Json();

        Assert.Equal(0, update.GetProperty("blocksDelta").GetInt32());
        Assert.True(update.GetProperty("blocksUploaded").GetInt32() >= 30, update.ToString());
        // That push kept its blocks: the next version goes as deltas.
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(3));
        var next = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/nocache:v3", source, "--json")).AssertSuccess().Json();
        Assert.Equal(next.GetProperty("blocksUploaded").GetInt32(), next.GetProperty("blocksDelta").GetInt32());
    }

    [Fact]
    public async Task PushOfV2_AsDeltas_ToAHubThatEncryptsAtRest_IsStoredSealedAndPullsExactly()
    {
        var keys = _temp.Combine("keys");
        await File.WriteAllTextAsync(keys, "k1:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData("push-delta-key"u8)) + "\n");
        await using var hub = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        var source = _temp.Combine("sealed");
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(1));
        var env = hub.Environment(_temp.Combine("sealed-cache"));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/sealed:v1", source)).AssertSuccess();
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(2));

        var update = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/sealed:v2", source)).AssertSuccess();

        // The summary says how many of the blocks uploaded went as deltas.
        Assert.Matches(@"uploaded 42 blocks \(.*\), 42 of them as deltas \(.*\)", update.StandardOutput);
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "pushdelta/sealed:v2", _temp.Combine("sealed-pull"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("sealed-pull"));
    }

    [Fact]
    public async Task PushOfV2_WhenTheHubRefusesADelta_SendsThatPackAgainFull_AndSucceeds()
    {
        await using var hub = await HubHost.StartAsync();
        var source = _temp.Combine("refused");
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(1));
        var env = hub.Environment(_temp.Combine("refused-cache"));
        var first = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/refused:v1", source, "--json")).AssertSuccess().Json();
        // The hub's copy of a block in the middle of v1 goes bad: a delta against it does not decode there.
        var (_, v1) = await DeltaVersions.ManifestAsync(hub.Url, "pushdelta/refused", "v1");
        await HubStorage.CorruptBlockAsync(hub.StoragePath, v1.Blocks[v1.Blocks.Count / 2].Signature, at: -3);
        TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Records(2));

        var update = (await Infrastructure.Cli.RunAsync(env, "push", "-t", "pushdelta/refused:v2", source, "--json")).AssertSuccess().Json();

        _output.WriteLine(update.ToString());
        Assert.Equal((0, 0L), (update.GetProperty("blocksDelta").GetInt32(), update.GetProperty("bytesDelta").GetInt64()));
        // Uploaded: the refused pack of deltas, then the same blocks full (about what v1 cost).
        Assert.True(update.GetProperty("bytesUploaded").GetInt64() > first.GetProperty("bytesUploaded").GetInt64(), $"{update} after {first}");
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "pull", "pushdelta/refused:v2", _temp.Combine("refused-pull"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("refused-pull"));
    }

    [Fact]
    public async Task PackWithAForgedDelta_Is400NamingTheBlock_AndNothingOfItIsStored()
    {
        var (baseSignature, baseRaw) = await StoredBaseAsync(1);
        var edited = Edited(baseRaw);
        using var delta = BlockDelta.Encode(edited, [new DeltaBase(baseSignature, baseRaw.Length)], baseRaw, 3, 1 << 20)!;
        // Bytes that decode to `edited`, under the signature of other bytes of the same length.
        var claimed = BlockSignature.Compute(Edited(edited));

        await AssertRefusedAsync(claimed, delta.Memory.ToArray(), claimed, "its bytes hash to");
    }

    [Fact]
    public async Task PackWithADecompressionBomb_Is400NamingTheBlock_AndNothingOfItIsStored()
    {
        var (baseSignature, baseRaw) = await StoredBaseAsync(2);
        var huge = new byte[BlockDelta.MaxRawBytes];
        using var bomb = BlockDelta.Encode(huge, [new DeltaBase(baseSignature, baseRaw.Length)], baseRaw, 3, 1 << 20)!;
        var payload = bomb.Memory.ToArray();
        // The header declares 64 KiB; the frame inflates to 8 MiB.
        BitConverter.TryWriteBytes(payload.AsSpan(8, 4), 64 * 1024);
        var claimed = BlockSignature.Compute(new byte[64 * 1024]);

        await AssertRefusedAsync(claimed, payload, claimed, "does not decode");
    }

    [Fact]
    public async Task PackWithADeltaAgainstABaseTheHubLacks_Is400NamingTheBlock_AndNothingOfItIsStored()
    {
        var baseRaw = Raw(3);
        var baseSignature = BlockSignature.Compute(baseRaw);
        var edited = Edited(baseRaw);
        var signature = BlockSignature.Compute(edited);
        using var delta = BlockDelta.Encode(edited, [new DeltaBase(baseSignature, baseRaw.Length)], baseRaw, 3, 1 << 20)!;

        await AssertRefusedAsync(signature, delta.Memory.ToArray(), baseSignature, "is not stored on this hub");
    }

    [Fact]
    public async Task SingleBlockPutOfADelta_IsStoredFull_AndReadsBackAsTheBlock()
    {
        var (baseSignature, baseRaw) = await StoredBaseAsync(4);
        var edited = Edited(baseRaw);
        var signature = BlockSignature.Compute(edited);
        using var delta = BlockDelta.Encode(edited, [new DeltaBase(baseSignature, baseRaw.Length)], baseRaw, 3, 1 << 20)!;
        using var http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromMinutes(1) };
        using var content = new ByteArrayContent(delta.Memory.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(BlockPayload.MediaType);

        using var response = await http.PutAsync(new Uri(ApiPaths.Block(signature), UriKind.Relative), content);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var stored = await BlockFetch.RecordsAsync(_hub.Url, [signature]);
        Assert.False(BlockDelta.IsDelta(stored[signature]));
        Assert.Equal(edited, (await BlockFetch.RawAsync(_hub.Url, [signature]))[signature]);
    }

    // A pack of a good full block and the bad delta: refused whole, with a message naming what is wrong.
    private async Task AssertRefusedAsync(string signature, byte[] payload, string named, string reason)
    {
        var good = Raw(Random.Shared.Next());
        var goodSignature = BlockSignature.Compute(good);
        using var full = BlockPayload.Encode(good, level: 3);
        using var builder = new PackBuilder(_temp.Combine("spool"));
        builder.Add(goodSignature, full.Span);
        builder.Add(signature, payload, 64 * 1024);
        using var pack = builder.Build();

        var (status, body) = await PutPackAsync(pack);

        _output.WriteLine(body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"block {signature}", body, StringComparison.Ordinal);
        Assert.Contains(named, body, StringComparison.Ordinal);
        Assert.Contains(reason, body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromMinutes(1) };
        foreach (var absent in new[] { signature, goodSignature })
        {
            using var read = await http.GetAsync(new Uri(ApiPaths.Block(absent), UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
    }

    private async Task<(string Signature, byte[] Raw)> StoredBaseAsync(int seed)
    {
        var raw = Raw(seed * 7919);
        var signature = BlockSignature.Compute(raw);
        using var payload = BlockPayload.Encode(raw, level: 3);
        using var builder = new PackBuilder(_temp.Combine("spool"));
        builder.Add(signature, payload.Span);
        using var pack = builder.Build();
        var (status, body) = await PutPackAsync(pack);
        Assert.True(status == HttpStatusCode.OK || status == HttpStatusCode.Created, body);
        return (signature, raw);
    }

    private async Task<(HttpStatusCode Status, string Body)> PutPackAsync(BuiltPack pack)
    {
        using var http = new HttpClient { BaseAddress = _hub.Url, Timeout = TimeSpan.FromMinutes(1) };
        using var content = new ByteArrayContent(pack.ReadAllBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue(PackFormat.MediaType);
        using var response = await http.PutAsync(new Uri(ApiPaths.Pack(pack.Id), UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<System.Text.Json.JsonElement> PushBothFromEmptyCachesAsync(HubHost hub, string source)
    {
        var copy = _temp.Combine("empty-cache-source");
        TreeBuilder.WriteFile(copy, "README.md", "# records\n"u8.ToArray());
        TreeBuilder.WriteFile(copy, "data/records.jsonl", DeltaVersions.Records(1));
        (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "pushdelta/a:v1", copy)).AssertSuccess();
        return (await Infrastructure.Cli.RunAsync(hub.Environment(), "push", "-t", "pushdelta/a:v2", source, "--json")).AssertSuccess().Json();
    }

    // 64 KiB of text-like bytes: compressible, as records are.
    private static byte[] Raw(int seed)
    {
        var random = new Random(seed);
        var raw = new byte[64 * 1024];
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] = (byte)('a' + random.Next(16));
        }

        return raw;
    }

    private static byte[] Edited(byte[] raw)
    {
        var edited = raw.ToArray();
        for (var i = 0; i < edited.Length; i += 4096)
        {
            edited[i] = (byte)(edited[i] == 'Z' ? 'Y' : 'Z');
        }

        return edited;
    }
}
