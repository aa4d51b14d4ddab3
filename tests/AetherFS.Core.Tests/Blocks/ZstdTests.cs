using AetherFS.Core.Blocks;

namespace AetherFS.Core.Tests.Blocks;

public sealed class ZstdTests
{
    [Fact]
    public void CompressThenDecompress_OnThreadsThatEnd_RoundTripsAndTheirContextsAreFreed()
    {
        var data = new byte[64 * 1024];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)(i % 251 < 200 ? 'a' : i);
        }

        var results = new bool[16];
        var threads = Enumerable.Range(0, results.Length).Select(i => new Thread(() =>
        {
            var compressed = new byte[Zstd.CompressBound(data.Length)];
            var length = Zstd.Compress(data, compressed, level: 3);
            var restored = new byte[data.Length];
            results[i] = Zstd.Decompress(compressed.AsSpan(0, length), restored) == data.Length && restored.AsSpan().SequenceEqual(data);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        // The threads' cached contexts are now unreachable: collecting them frees the native contexts (a double free
        // or a use after free would crash the process here).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(results, Assert.True);
    }
}
