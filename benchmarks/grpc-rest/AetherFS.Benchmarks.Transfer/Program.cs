using System.Diagnostics;
using System.Globalization;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

// Downloads every block of one dataset version from one hub through gRPC (BlockAPI.Download) and through REST
// (GET /api/v1/blocks/{signature}), alternating, in the same run; then times small metadata calls both ways.
// Usage: Transfer HUB_URL NAME:TAG [ROUNDS] [PARALLEL]
var hub = new Uri(args[0]);
var (name, tag) = (args[1][..args[1].LastIndexOf(':')], args[1][(args[1].LastIndexOf(':') + 1)..]);
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
var parallel = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;

using var rest = new HubClient(hub, new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.Brotli | System.Net.DecompressionMethods.GZip, MaxConnectionsPerServer = 64 });
using var channel = GrpcChannel.ForAddress(hub, new GrpcChannelOptions { MaxReceiveMessageSize = null });
var blocks = new BlockAPI.BlockAPIClient(channel);
var datasets = new DatasetAPI.DatasetAPIClient(channel);
using var raw = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = hub };

var (_, manifest) = await rest.GetManifestAsync(name, tag, CancellationToken.None);
var distinct = manifest.Blocks.DistinctBy(b => b.Signature).ToList();
var totalBytes = distinct.Sum(b => (long)b.Size);
Console.WriteLine($"{name}:{tag}: {distinct.Count} blocks, {totalBytes / 1048576.0:F0} MiB, {parallel} in flight, {rounds} rounds");

async Task<double> DownloadAllAsync(Func<BlockRef, Task> download)
{
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (block, _) => await download(block));
    return clock.Elapsed.TotalSeconds;
}

async Task GrpcAsync(BlockRef block)
{
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(block.Size);
    using var data = PooledBlock.Adopt(buffer, block.Size);
    using var call = blocks.Download(new DownloadRequest { Signature = block.Signature });
    var length = 0;
    await foreach (var part in call.ResponseStream.ReadAllAsync())
    {
        part.Part.Span.CopyTo(buffer.AsSpan(length));
        length += part.Part.Length;
    }

    data.Verify(block.Signature);
}

// The manifest as gRPC Lookup streams it: canonical bytes in parts, hashed and parsed as REST's are.
async Task<Manifest> GrpcManifestAsync()
{
    using var call = datasets.Lookup(new AetherFS.Protocol.Dataset.V1.LookupRequest { Tag = new Tag { Name = name, Version = tag } });
    using var bytes = new MemoryStream();
    string? digest = null;
    await foreach (var message in call.ResponseStream.ReadAllAsync())
    {
        digest ??= message.Digest;
        message.ManifestPart.WriteTo(bytes);
    }

    var actual = AetherFS.Core.References.Digest.Compute(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
    return actual == digest ? ManifestSerializer.Parse(bytes.GetBuffer().AsMemory(0, (int)bytes.Length)) : throw new DigestMismatchException(digest!, actual);
}

async Task RestRawAsync(BlockRef block)
{
    using var response = await raw.GetAsync($"/api/v1/blocks/{block.Signature}", HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(block.Size);
    using var data = PooledBlock.Adopt(buffer, block.Size);
    await using var body = await response.Content.ReadAsStreamAsync();
    await body.ReadExactlyAsync(buffer.AsMemory(0, block.Size));
    data.Verify(block.Signature);
}

async Task RestPayloadAsync(BlockRef block)
{
    using var payload = await rest.GetBlockPayloadAsync(block.Signature, block.Size, CancellationToken.None);
    using var data = BlockPayload.Decode(payload.Memory.Span, block.Signature, block.Size);
}

var results = new Dictionary<string, List<double>> { ["grpc"] = [], ["rest-raw"] = [], ["rest-payload"] = [] };
await DownloadAllAsync(GrpcAsync); // warm both connections and the hub's page cache
await DownloadAllAsync(RestRawAsync);
for (var round = 0; round < rounds; round++)
{
    results["grpc"].Add(await DownloadAllAsync(GrpcAsync));
    results["rest-raw"].Add(await DownloadAllAsync(RestRawAsync));
    results["rest-payload"].Add(await DownloadAllAsync(RestPayloadAsync));
}

Console.WriteLine("| download (verified) | median s | MiB/s | rounds |");
Console.WriteLine("|---|---:|---:|---|");
foreach (var (via, times) in results)
{
    var median = times.Order().ElementAt(times.Count / 2);
    Console.WriteLine($"| {via} | {median:F2} | {totalBytes / 1048576.0 / median:F0} | {string.Join(" ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} |");
}

// Small calls: what ls, tags and inspect make.
const int Calls = 300;
async Task<double> TimeAsync(Func<Task> call)
{
    await call();
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < Calls; i++)
    {
        await call();
    }

    return clock.Elapsed.TotalMilliseconds / Calls;
}

Console.WriteLine();
Console.WriteLine($"| call ({Calls} sequential) | REST ms | gRPC ms |");
Console.WriteLine("|---|---:|---:|");
Console.WriteLine($"| list tags | {await TimeAsync(() => rest.ListTagsAsync(name, CancellationToken.None)):F2} | {await TimeAsync(async () => await datasets.ListTagsAsync(new ListTagsRequest { Name = name })):F2} |");
Console.WriteLine($"| manifest by tag (verified) | {await TimeAsync(async () => ManifestSerializer.Parse((await rest.GetManifestBytesAsync(name, tag, CancellationToken.None)).Bytes)):F2} | {await TimeAsync(GrpcManifestAsync):F2} |");
Console.WriteLine($"| block lookup | {await TimeAsync(() => rest.FindMissingBlocksAsync([distinct[0].Signature], null, CancellationToken.None)):F2} | {await TimeAsync(async () => await blocks.FindMissingAsync(new FindMissingRequest { Signatures = { distinct[0].Signature } })):F2} |");
