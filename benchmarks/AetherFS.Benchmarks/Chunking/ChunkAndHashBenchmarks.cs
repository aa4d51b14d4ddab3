using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using BenchmarkDotNet.Attributes;

namespace AetherFS.Benchmarks.Chunking;

/// <summary>
/// Cutting and hashing 256 MiB in memory on one thread, as push does per stream: the target is 1 GB/s.
/// Throughput = 256 MiB / mean time.
/// </summary>
[MemoryDiagnoser]
public class ChunkAndHashBenchmarks
{
    private const int Size = 256 * 1024 * 1024;
    private byte[] _data = [];

    [Params("fastcdc 16K/64K/256K", "fastcdc 64K/256K/1M", "fixed 4M")]
    public string Chunking { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _data = new byte[Size];
        new Random(1).NextBytes(_data);
    }

    [Benchmark]
    public long CutOnly() => Run(hash: false);

    [Benchmark]
    public long CutAndHash() => Run(hash: true);

    private long Run(bool hash)
    {
        var chunker = Chunkers.Create(Parameters());
        var data = _data.AsSpan();
        long blocks = 0;
        while (data.Length > 0)
        {
            var window = data[..Math.Min(data.Length, chunker.MaxBlockSize)];
            var cut = chunker.NextCut(window, final: window.Length < chunker.MaxBlockSize);
            if (hash)
            {
                _ = BlockSignature.Compute(data[..cut]);
            }

            data = data[cut..];
            blocks++;
        }

        return blocks;
    }

    private ChunkingParameters Parameters() => Chunking switch
    {
        "fastcdc 16K/64K/256K" => ChunkingParameters.ContentDefined(16 << 10, 64 << 10, 256 << 10),
        "fastcdc 64K/256K/1M" => ChunkingParameters.ContentDefined(64 << 10, 256 << 10, 1 << 20),
        _ => ChunkingParameters.FixedSize(4 << 20),
    };
}
