using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Blocks;

/// <summary>Deterministic test data and the blocks a chunker cuts it into.</summary>
internal static class ChunkedData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new System.Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static List<(string Signature, int Size)> Cut(byte[] data, ChunkingParameters parameters, IReadOnlyList<long>? fileStarts = null)
    {
        using var cutter = new BlockCutter(new MemoryStream(data), Chunkers.Create(parameters), fileStarts);
        var chunks = new List<(string, int)>();
        while (cutter.NextAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } block)
        {
            chunks.Add((block.Signature, block.Length));
            block.Dispose();
        }

        return chunks;
    }
}
