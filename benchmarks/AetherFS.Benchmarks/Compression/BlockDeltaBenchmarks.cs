using System.Globalization;
using System.Text;
using AetherFS.Core.Blocks;
using BenchmarkDotNet.Attributes;

namespace AetherFS.Benchmarks.Compression;

/// <summary>
/// Block deltas on one thread, as issue 17 sets the targets (encode >= 100 MB/s, decode >= 500 MB/s per core): each
/// 64 KiB block of v2 of a caniuse-like JSON document, encoded at level 3 against the 3 blocks of v1 around the same
/// position (a ~192 KiB prefix: the bases a positional lookup picks), and decoded back (which verifies the block's
/// SHA-256, as every reader does). v2 changes a number in every record and adds an entry to a few, so every block
/// differs from v1, the case chunk dedup cannot help with. Throughput = 32 blocks x 64 KiB / mean time.
/// </summary>
[MemoryDiagnoser]
public class BlockDeltaBenchmarks
{
    private const int BlockSize = 64 * 1024;
    private const int Blocks = 32;
    private const int Level = 3;
    private readonly DeltaCase[] _cases = new DeltaCase[Blocks];

    [GlobalSetup]
    public void Setup()
    {
        var (v1, v2) = JsonPair(((Blocks + 4) * BlockSize) + BlockSize);
        for (var i = 0; i < Blocks; i++)
        {
            // Block i of v2 starts at (i + 1) blocks; its bases are v1's blocks before, at and after that offset.
            var at = (i + 1) * BlockSize;
            var raw = v2.AsSpan(at, BlockSize).ToArray();
            var prefix = v1.AsSpan(at - BlockSize, 3 * BlockSize).ToArray();
            DeltaBase[] bases =
            [
                new(BlockSignature.Compute(prefix.AsSpan(0, BlockSize)), BlockSize),
                new(BlockSignature.Compute(prefix.AsSpan(BlockSize, BlockSize)), BlockSize),
                new(BlockSignature.Compute(prefix.AsSpan(2 * BlockSize, BlockSize)), BlockSize),
            ];
            using var delta = BlockDelta.Encode(raw, bases, prefix, Level, raw.Length + BlockPayload.HeaderSize)
                ?? throw new InvalidOperationException($"block {i} did not encode as a delta");
            _cases[i] = new DeltaCase(raw, BlockSignature.Compute(raw), bases, prefix, delta.Span.ToArray());
        }

        Console.WriteLine($"// delta bytes for {Blocks} x 64 KiB: {_cases.Sum(c => (long)c.Delta.Length)}");
    }

    [Benchmark]
    public long Encode()
    {
        long total = 0;
        foreach (var job in _cases)
        {
            using var delta = BlockDelta.Encode(job.Raw, job.Bases, job.Prefix, Level, job.Raw.Length + BlockPayload.HeaderSize);
            total += delta!.Length;
        }

        return total;
    }

    [Benchmark]
    public long Decode()
    {
        long total = 0;
        foreach (var job in _cases)
        {
            using var block = BlockDelta.Decode(job.Delta, job.Signature, job.Prefix, job.Raw.Length);
            total += block.Length;
        }

        return total;
    }

    /// <summary>Two versions of a JSON document of browser-support records, v2 with every record edited.</summary>
    private static (byte[] V1, byte[] V2) JsonPair(int size)
    {
        var random = new Random(17);
        var v1 = new StringBuilder(size + 4096);
        var v2 = new StringBuilder(size + 4096);
        v1.Append("{\n");
        v2.Append("{\n");
        for (var feature = 0; v1.Length < size || v2.Length < size; feature++)
        {
            var versions = random.Next(20, 60);
            var usage = random.NextDouble() * 100;
            var added = random.Next(10) == 0;
            Record(v1, feature, versions, usage, random.Next(), extra: false);
            Record(v2, feature, versions, usage + (random.NextDouble() * 0.2), random.Next(), extra: added);
        }

        return (Encoding.ASCII.GetBytes(v1.ToString()), Encoding.ASCII.GetBytes(v2.ToString()));
    }

    private static void Record(StringBuilder text, int feature, int versions, double usage, int seed, bool extra)
    {
        // The same seed per feature in both versions keeps the support flags equal, as in a real update.
        var flags = new Random(feature);
        text.Append(CultureInfo.InvariantCulture, $"  \"feature-{feature}\": {{\n    \"title\": \"Feature {feature} ({seed % 997})\",\n    \"stats\": {{\n");
        for (var v = 0; v < versions + (extra ? 1 : 0); v++)
        {
            text.Append(CultureInfo.InvariantCulture, $"      \"{4 + v}\": \"{(flags.Next(3) == 0 ? "n" : "y")}\",\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"    }},\n    \"usage_perc_y\": {usage:F2}\n  }},\n");
    }

    private sealed record DeltaCase(byte[] Raw, string Signature, DeltaBase[] Bases, byte[] Prefix, byte[] Delta);
}
