using System.Security.Cryptography;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Hub.Telemetry;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Application;
using AetherFS.Hub.Publishing;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Retention;
using Microsoft.Extensions.Logging.Abstractions;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>
/// The hub's publishing and collecting components over a local store in a temp directory, wired as the hub wires
/// them, so races can be staged step by step. Publishes go as the CLI's do: FindMissing, uploads, manifest, tag.
/// </summary>
internal sealed class GcHarness : IDisposable
{
    private readonly TempDirectory _temp = new();

    public GcHarness(Func<IBlobStore, ClaimStore, IBlobStore>? wrap = null)
    {
        Local = new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false });
        Claims = new ClaimStore(Local);
        Blobs = wrap?.Invoke(Local, Claims) ?? Local;
        Blocks = new BlockStore(Blobs);
        Datasets = new DatasetStore(Blobs);
        Retention = new RetentionStore(Blobs);
        Publisher = new ManifestPublisher(Blocks, Datasets, new ClaimStore(Blobs), Time, new TagChangeSignal(), new PushTimer(Time), NullLogger<ManifestPublisher>.Instance);
        Queries = new ClaimingBlockQueries(Blocks, new ClaimStore(Blobs));
        Collector = new GarbageCollector(Blobs, Blocks, Datasets, new ClaimStore(Blobs), new RetentionApplier(Retention, Datasets, Publisher, Time), Time, NullLogger<GarbageCollector>.Instance);
    }

    public ShiftedTimeProvider Time { get; } = new();

    public LocalBlobStore Local { get; }

    public IBlobStore Blobs { get; }

    public ClaimStore Claims { get; }

    public BlockStore Blocks { get; }

    public DatasetStore Datasets { get; }

    public RetentionStore Retention { get; }

    public ManifestPublisher Publisher { get; }

    public ClaimingBlockQueries Queries { get; }

    public GarbageCollector Collector { get; }

    public static byte[] Bytes(int seed, int length = 1000)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Signature(byte[] block) => Convert.ToHexStringLower(SHA256.HashData(block));

    /// <summary>A manifest with one file per block.</summary>
    public static byte[] Manifest(params byte[][] blocks)
    {
        var when = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        return ManifestSerializer.ToCanonicalBytes(new Manifest(
            ChunkingParameters.FixedSize(ChunkingParameters.DefaultBlockSize),
            blocks.Select((b, i) => new ManifestEntry($"f{i:D4}", EntryType.File, b.Length, 0x1A4, when)).ToList(),
            blocks.Select(b => new BlockRef(Signature(b), b.Length)).ToList()));
    }

    /// <summary>Stores a block outside any push: unreferenced and unclaimed.</summary>
    public async Task<string> PutBlockAsync(byte[] block)
    {
        var signature = Signature(block);
        await Blocks.PutRawAsync(signature, block, CancellationToken.None);
        return signature;
    }

    /// <summary>A whole push, as the CLI makes it (one push id throughout); answers the manifest's digest.</summary>
    public async Task<string> PushAsync(string name, string tag, params byte[][] blocks)
    {
        var pushId = ClaimStore.NewId();
        var missing = await Queries.FindMissingAsync(blocks.Select(Signature).ToList(), pushId, CancellationToken.None);
        foreach (var block in blocks.Where(b => missing.Contains(Signature(b))))
        {
            await Blocks.PutRawAsync(Signature(block), block, CancellationToken.None, pushId);
        }

        var manifest = Manifest(blocks);
        var digest = Digest.Compute(manifest);
        Assert.True((await Publisher.PutManifestAsync(digest, manifest, pushId, CancellationToken.None)).Succeeded);
        Assert.True((await Publisher.PutTagAsync(name, tag, digest, "tests", createOnly: false, pushId, CancellationToken.None)).Succeeded);
        return digest;
    }

    /// <summary>Stores the blocks as one pack outside any push (as another hub racing this one might).</summary>
    public async Task PutPackAsync(params byte[][] blocks)
    {
        using var builder = new Core.Packs.PackBuilder(_temp.Combine("spool"));
        foreach (var block in blocks)
        {
            using var payload = Core.Blocks.BlockPayload.Encode(block, level: 0);
            builder.Add(Signature(block), payload.Span);
        }

        using var pack = builder.Build();
        await using var body = pack.OpenRead();
        await Blocks.PutPackAsync(body, pack.Id, pushId: null, CancellationToken.None);
    }

    /// <summary>A push that uploads its blocks as one pack, as the CLI does; answers the manifest's digest.</summary>
    public async Task<string> PushPackedAsync(string name, string tag, params byte[][] blocks)
    {
        var pushId = ClaimStore.NewId();
        var missing = (await Queries.FindMissingAsync(blocks.Select(Signature).ToList(), pushId, CancellationToken.None)).ToHashSet();
        using (var builder = new Core.Packs.PackBuilder(_temp.Combine("spool")))
        {
            foreach (var block in blocks.Where(b => missing.Contains(Signature(b))))
            {
                using var payload = Core.Blocks.BlockPayload.Encode(block, level: 0);
                builder.Add(Signature(block), payload.Span);
            }

            using var pack = builder.Build();
            await using var body = pack.OpenRead();
            await Blocks.PutPackAsync(body, pack.Id, pushId, CancellationToken.None);
        }

        var manifest = Manifest(blocks);
        var digest = Digest.Compute(manifest);
        Assert.True((await Publisher.PutManifestAsync(digest, manifest, pushId, CancellationToken.None)).Succeeded);
        Assert.True((await Publisher.PutTagAsync(name, tag, digest, "tests", createOnly: false, pushId, CancellationToken.None)).Succeeded);
        return digest;
    }

    public async Task<GcReport> CollectAsync(TimeSpan grace, bool dryRun = false, double maxUnused = GcRunOptions.DefaultMaxUnused)
    {
        // Local file times move with the kernel's clock tick: let "written before the collection" be visible in them.
        await Task.Delay(20);
        return await Collector.RunAsync(new GcRunOptions(dryRun, grace, maxUnused), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads a block as a hub starting now would (a fresh index from the store's segments), verified; null when absent.</summary>
    public async Task<byte[]?> ReadFreshAsync(string signature)
    {
        using var block = await new BlockStore(Local).ReadAsync(signature, CancellationToken.None);
        return block?.Memory.ToArray();
    }

    public bool HasBlock(string signature) => StoredBlocks().Contains(signature);

    public bool HasManifest(string digest) => File.Exists(PathOf(DatasetStore.ManifestKey(digest)));

    /// <summary>Every block signature in the store: in a pack that is there and listed by a segment, or loose.</summary>
    public IReadOnlySet<string> StoredBlocks()
    {
        return PackInventory.StoredBlocksAsync(Local, CancellationToken.None).GetAwaiter().GetResult().Keys.ToHashSet();
    }

    /// <summary>Makes every object in the store look written <paramref name="ago"/>.</summary>
    public void AgeEverything(TimeSpan ago)
    {
        foreach (var file in Directory.EnumerateFiles(_temp.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("/.tmp/", StringComparison.Ordinal)))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow - ago);
        }
    }

    public string PathOf(string key) => Path.Join(_temp.Path, key);

    public void Dispose()
    {
        Collector.Dispose();
        _temp.Dispose();
    }
}
