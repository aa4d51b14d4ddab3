using AetherFS.Core.Blocks;
using BenchmarkDotNet.Attributes;

namespace AetherFS.Benchmarks.Compression;

/// <summary>
/// Compressing and decompressing 64 MiB as ~64 KiB blocks (the default chunk size) at push's default level 3, one
/// thread: libzstd through P/Invoke (what the project ships) against ZstdSharp.Port (managed). Text is CSV-like
/// records, which shrink several times; random bytes do not shrink (push then keeps them raw, but pays the attempt).
/// Throughput = 64 MiB / mean time.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ZstdBenchmarks
{
    private const int Total = 64 * 1024 * 1024;
    private const int BlockSize = 64 * 1024;
    private const int Level = 3;
    private readonly ZstdSharp.Compressor _managedCompressor = new(Level);
    private readonly ZstdSharp.Decompressor _managedDecompressor = new();
    private byte[] _data = [];
    private byte[][] _compressed = [];
    private byte[] _output = [];

    [Params("csv", "random")]
    public string Data { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _data = Data == "csv" ? Csv() : Random();
        _output = new byte[Zstd.CompressBound(BlockSize)];
        _compressed = new byte[Total / BlockSize][];
        for (var i = 0; i < _compressed.Length; i++)
        {
            var written = Zstd.Compress(Block(i), _output, Level);
            _compressed[i] = _output[..written];
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _managedCompressor.Dispose();
        _managedDecompressor.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long CompressLibzstd()
    {
        long total = 0;
        for (var i = 0; i < Total / BlockSize; i++)
        {
            total += Zstd.Compress(Block(i), _output, Level);
        }

        return total;
    }

    [Benchmark]
    public long CompressZstdSharp()
    {
        long total = 0;
        for (var i = 0; i < Total / BlockSize; i++)
        {
            total += _managedCompressor.Wrap(Block(i), _output);
        }

        return total;
    }

    [Benchmark]
    public long DecompressLibzstd()
    {
        long total = 0;
        foreach (var frame in _compressed)
        {
            total += Zstd.Decompress(frame, _output);
        }

        return total;
    }

    [Benchmark]
    public long DecompressZstdSharp()
    {
        long total = 0;
        foreach (var frame in _compressed)
        {
            total += _managedDecompressor.Unwrap(frame, _output);
        }

        return total;
    }

    private ReadOnlySpan<byte> Block(int i) => _data.AsSpan(i * BlockSize, BlockSize);

    private static byte[] Random()
    {
        var data = new byte[Total];
        new Random(1).NextBytes(data);
        return data;
    }

    private static byte[] Csv()
    {
        var random = new Random(1);
        var text = new System.Text.StringBuilder(Total + 256);
        for (var row = 0; text.Length < Total; row++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{row},{random.Next(1, 255)}.{random.Next(0, 255)}.{random.Next(0, 255)}.0/24,{random.Next(100000, 999999)},{(random.Next(2) == 0 ? "DE" : "FR")},{random.NextDouble():F4},{random.NextDouble():F4}\n");
        }

        return System.Text.Encoding.ASCII.GetBytes(text.ToString())[..Total];
    }
}
