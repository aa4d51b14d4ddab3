using System.Net;
using System.Net.Http.Headers;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packs;
using AetherFS.IntegrationTests.Gc;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Storage.Blocks;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// A version pushed as deltas is stored as deltas: the store grows by about the deltas, every chain is one deep (bases
/// are full blocks), garbage collection keeps each base while a stored delta needs it, and every reader gets exactly
/// the version: fresh pulls, holders of the base version, <c>/fs</c> ranges, single GETs, a mount, a scrub.
/// </summary>
public sealed class StoredDeltaTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _temp = new();

    public StoredDeltaTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task V2PushedAsDeltas_IsStoredAsDeltas_AndEveryReaderGetsExactlyV2()
    {
        await using var hub = await HubHost.StartAsync();
        var (source, manifests) = await PushChainAsync(hub, "stored/a", versions: 2);
        var changed = NewBlocks(manifests[0], manifests[1]);
        var store = hub.Services.GetRequiredService<BlockStore>();
        var deltas = changed.Select(s => store.Catalog.DeltaOf(Sha256Key.Parse(s))).ToList();

        // Every changed block is stored as a delta against v1's blocks, at a small share of its full payload.
        Assert.All(deltas, d => Assert.NotNull(d));
        Assert.All(deltas, d => Assert.All(d!.Bases, b => Assert.Contains(b, manifests[0].Blocks.Select(x => x.Signature))));
        var stored = HubStorage.Blocks(hub.StoragePath);
        var (storedBytes, fullBytes) = (changed.Sum(s => stored[s]), deltas.Sum(d => (long)d!.FullPayloadLength));
        _output.WriteLine($"{changed.Count} changed blocks: {storedBytes} B stored, {fullBytes} B in full");
        Assert.True(storedBytes * 10 < fullBytes, $"{storedBytes} B stored for {fullBytes} B of full payloads");

        // A fresh pull, /fs whole and in ranges, and a single GET, which sends the full payload to a caller without bases.
        (await Infrastructure.Cli.RunAsync(hub.Environment(_temp.Combine("fresh-cache")), "pull", "stored/a:v2", _temp.Combine("fresh"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("fresh"));
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromMinutes(1) };
        var file = DeltaVersions.Chained(2);
        Assert.Equal(file, await http.GetByteArrayAsync(new Uri("/fs/stored/a/v2/data/records.jsonl", UriKind.Relative)));
        foreach (var (from, to) in new[] { (0L, 99L), (100_000L, 300_000L), (file.Length - 70_000L, file.Length - 1L) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/fs/stored/a/v2/data/records.jsonl") { Headers = { Range = new RangeHeaderValue(from, to) } };
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal(file.AsSpan((int)from, (int)(to - from + 1)).ToArray(), await response.Content.ReadAsByteArrayAsync());
        }

        var raw = await http.GetByteArrayAsync(new Uri($"/api/v1/blocks/{changed[0]}", UriKind.Relative));
        BlockSignature.Verify(changed[0], raw);
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/blocks/{changed[0]}") { Headers = { Accept = { new MediaTypeWithQualityHeaderValue(BlockPayload.MediaType) } } })
        using (var response = await http.SendAsync(request))
        {
            var payload = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
            Assert.False(BlockDelta.IsDelta(payload));
            using var decoded = BlockPayload.Decode(payload, changed[0]);
            Assert.Equal(raw, decoded.Memory.ToArray());
        }

        // A holder of v1 gets the stored deltas as they are.
        var holder = _temp.Combine("holder");
        var holderEnv = hub.Environment(_temp.Combine("holder-cache"));
        (await Infrastructure.Cli.RunAsync(holderEnv, "pull", "stored/a:v1", holder)).AssertSuccess();
        var update = (await Infrastructure.Cli.RunAsync(holderEnv, "pull", "stored/a:v2", holder, "--json")).AssertSuccess().Json();
        _output.WriteLine(update.ToString());
        TreeAssert.Equal(source, holder);
        Assert.Equal(changed.Count, update.GetProperty("blocksDelta").GetInt32());
        Assert.True(update.GetProperty("bytesDownloaded").GetInt64() < storedBytes + 8192, update.ToString());

        // A scrub decodes every stored delta against its bases and finds nothing wrong.
        var verify = (await Infrastructure.Cli.RunAsync(hub.Environment(), "verify", "--json")).AssertSuccess().Json();
        Assert.Equal(0, verify.GetProperty("badBlocks").GetArrayLength());
    }

    [Fact]
    public async Task V3_PushedAgainstAV2StoredAsDeltas_IsStoredOneDeep_AgainstV1sFullBlocks()
    {
        await using var hub = await HubHost.StartAsync();
        var (source, manifests) = await PushChainAsync(hub, "stored/chain", versions: 3);
        var store = hub.Services.GetRequiredService<BlockStore>();
        var v3 = NewBlocks(manifests[1], manifests[2]);

        foreach (var signature in v3)
        {
            // Stored as a delta or in full, never as a delta against a delta.
            if (store.Catalog.DeltaOf(Sha256Key.Parse(signature)) is { } delta)
            {
                Assert.All(delta.Bases, b => Assert.Null(store.Catalog.DeltaOf(Sha256Key.Parse(b))));
            }
        }

        Assert.Contains(v3, s => store.Catalog.DeltaOf(Sha256Key.Parse(s)) is not null);
        (await Infrastructure.Cli.RunAsync(hub.Environment(_temp.Combine("fresh-cache")), "pull", "stored/chain:v3", _temp.Combine("fresh"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("fresh"));

        // A holder of v2 gets v3 exactly (its blocks' bases are v1's, which it does not hold).
        var holder = _temp.Combine("holder");
        var env = hub.Environment(_temp.Combine("holder-cache"));
        (await Infrastructure.Cli.RunAsync(env, "pull", "stored/chain:v2", holder)).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "pull", "stored/chain:v3", holder)).AssertSuccess();
        TreeAssert.Equal(source, holder);
    }

    [Fact]
    public async Task Gc_AfterDeletingTheVersionTheBasesCameFrom_KeepsTheBases_UntilNoStoredDeltaNeedsThem()
    {
        await using var hub = await HubHost.StartAsync();
        var (source, manifests) = await PushChainAsync(hub, "stored/gc", versions: 2);
        var store = hub.Services.GetRequiredService<BlockStore>();
        var bases = NewBlocks(manifests[0], manifests[1]).SelectMany(s => store.Catalog.DeltaOf(Sha256Key.Parse(s))!.Bases).ToHashSet();
        var v1Only = NewBlocks(manifests[1], manifests[0]);
        Assert.NotEmpty(bases);
        Assert.Subset(v1Only.ToHashSet(), bases);
        var env = hub.Environment();

        (await Infrastructure.Cli.RunAsync(env, "rm", "stored/gc:v1")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--max-unused", "0")).AssertSuccess();

        var kept = GcStore.Blocks(hub).Keys.ToHashSet();
        Assert.Subset(kept, bases);
        (await Infrastructure.Cli.RunAsync(hub.Environment(_temp.Combine("fresh-cache")), "pull", "stored/gc:v2", _temp.Combine("fresh"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("fresh"));
        using (var http = new HttpClient { BaseAddress = hub.Url })
        {
            Assert.Equal(DeltaVersions.Chained(2), await http.GetByteArrayAsync(new Uri("/fs/stored/gc/v2/data/records.jsonl", UriKind.Relative)));
        }

        // With v2 gone too, nothing needs the bases.
        (await Infrastructure.Cli.RunAsync(env, "rm", "stored/gc:v2")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--max-unused", "0")).AssertSuccess();
        Assert.Empty(GcStore.Blocks(hub).Keys.Intersect(bases));
        Assert.Equal(0, GcStore.Manifests(hub));
    }

    [Fact]
    public async Task AManifestStoredAsADelta_IsStoredFullBeforeGcDeletesItsBase_SoADeletedVersionLeavesNothing()
    {
        await using var hub = await HubHost.StartAsync();
        var source = _temp.Combine("manifests");
        for (var i = 0; i < 300; i++)
        {
            TreeBuilder.WriteFile(source, $"files/f{i:D3}.txt", System.Text.Encoding.UTF8.GetBytes($"file {i}\n"));
        }

        var env = hub.Environment(_temp.Combine("manifests-cache"));
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "stored/m:v1", source)).AssertSuccess();
        TreeBuilder.WriteFile(source, "files/f150.txt", "changed\n"u8.ToArray());
        (await Infrastructure.Cli.RunAsync(env, "push", "-t", "stored/m:v2", source)).AssertSuccess();
        var (v1, _) = await DeltaVersions.ManifestAsync(hub.Url, "stored/m", "v1");
        var (v2, _) = await DeltaVersions.ManifestAsync(hub.Url, "stored/m", "v2");
        var datasets = hub.Services.GetRequiredService<AetherFS.Storage.Datasets.DatasetStore>();
        Assert.Equal(v1, (await datasets.GetManifestWithBaseAsync(v2, CancellationToken.None)).Base);

        (await Infrastructure.Cli.RunAsync(env, "rm", "stored/m:v1")).AssertSuccess();
        (await Infrastructure.Cli.RunAsync(env, "gc", "--grace", "0s", "--max-unused", "0")).AssertSuccess();

        Assert.Equal(1, GcStore.Manifests(hub));
        Assert.Null((await datasets.GetManifestWithBaseAsync(v2, CancellationToken.None)).Base);
        (await Infrastructure.Cli.RunAsync(env, "pull", $"stored/m@{v1}", _temp.Combine("gone"))).AssertFailedWithOneLine(3);
        (await Infrastructure.Cli.RunAsync(hub.Environment(_temp.Combine("fresh-cache")), "pull", "stored/m:v2", _temp.Combine("fresh"))).AssertSuccess();
        TreeAssert.Equal(source, _temp.Combine("fresh"));
    }

    [Fact]
    public async Task ADamagedStoredDelta_SentToAHolderOfItsBases_IsCaught_AndTheHeldCopyStaysIntact()
    {
        await using var hub = await HubHost.StartAsync();
        var (source, manifests) = await PushChainAsync(hub, "stored/bad", versions: 2);
        var holder = _temp.Combine("holder");
        var env = hub.Environment(_temp.Combine("holder-cache"));
        (await Infrastructure.Cli.RunAsync(env, "pull", "stored/bad:v1", holder)).AssertSuccess();
        var damaged = NewBlocks(manifests[0], manifests[1])[5];
        await HubStorage.CorruptBlockAsync(hub.StoragePath, damaged, at: -3);
        hub.Services.GetRequiredService<BlockStore>().ForgetVerified();

        // The hub sends the stored delta as it is; the holder's decode fails its SHA-256, its fetch without bases makes
        // the hub decode it and find the damage: the pull fails naming the block, and DEST still holds v1.
        var pull = await Infrastructure.Cli.RunAsync(env, "pull", "stored/bad:v2", holder);

        pull.AssertFailedWithOneLine();
        Assert.Contains(damaged, pull.StandardError, StringComparison.Ordinal);
        Assert.Equal(DeltaVersions.Chained(1), await File.ReadAllBytesAsync(Path.Join(holder, "data", "records.jsonl")));
        Assert.NotEqual(DeltaVersions.Chained(1), await File.ReadAllBytesAsync(Path.Join(source, "data", "records.jsonl")));
    }

    [Fact]
    public async Task AMount_ReadsAVersionStoredAsDeltas_WholeAndAtRandomPlaces()
    {
        await using var hub = await HubHost.StartAsync();
        await PushChainAsync(hub, "stored/mount", versions: 2);
        var directory = Directory.CreateDirectory(_temp.Combine("mnt")).FullName;
        var (mount, _) = await MountProcess.StartAsync(hub.Environment(_temp.Combine("mount-cache")), "stored/mount:v2", directory);
        await using (mount)
        {
            var expected = DeltaVersions.Chained(2);
            var path = Path.Join(directory, "data", "records.jsonl");
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.RandomAccess))
            {
                foreach (var offset in new[] { 2_000_000L, 17L, 1_000_000L, expected.Length - 5_000L })
                {
                    var buffer = new byte[4096];
                    file.Position = offset;
                    var read = await file.ReadAtLeastAsync(buffer, (int)Math.Min(buffer.Length, expected.Length - offset));
                    Assert.Equal(expected.AsSpan((int)offset, read).ToArray(), buffer.AsSpan(0, read).ToArray());
                }
            }

            Assert.Equal(expected, await File.ReadAllBytesAsync(path));
            Assert.Equal(0, await mount.StopAsync());
        }
    }

    // Pushes versions 1..n of a dataset from one machine (one push cache), so each goes up as deltas against the last.
    private async Task<(string Source, List<Manifest> Manifests)> PushChainAsync(HubHost hub, string name, int versions)
    {
        var source = _temp.Combine(name.Replace('/', '-'));
        var env = hub.Environment(_temp.Combine(name.Replace('/', '-') + "-push-cache"));
        TreeBuilder.WriteFile(source, "README.md", "# records\n"u8.ToArray());
        var manifests = new List<Manifest>();
        for (var version = 1; version <= versions; version++)
        {
            TreeBuilder.WriteFile(source, "data/records.jsonl", DeltaVersions.Chained(version));
            (await Infrastructure.Cli.RunAsync(env, "push", "-t", $"{name}:v{version}", source)).AssertSuccess();
            manifests.Add((await DeltaVersions.ManifestAsync(hub.Url, name, $"v{version}")).Manifest);
        }

        return (source, manifests);
    }

    private static List<string> NewBlocks(Manifest from, Manifest to) =>
        to.Blocks.Select(b => b.Signature).Except(from.Blocks.Select(b => b.Signature), StringComparer.Ordinal).ToList();
}
