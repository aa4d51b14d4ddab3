using AetherFS.Client.Caching;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// What a block cache directory holds, read from its segment files as a process starting on it would (each whole
/// record), so tests can watch a cache that another process is writing.
/// </summary>
internal static class CacheContents
{
    /// <summary>Every whole record: the segment file, where its payload starts, and its header.</summary>
    public static IReadOnlyList<(string Path, long PayloadOffset, CacheRecordHeader Header)> Records(string cacheDirectory)
    {
        var records = new List<(string, long, CacheRecordHeader)>();
        var directory = Path.Join(cacheDirectory, "segments");
        if (!Directory.Exists(directory))
        {
            return records;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*" + CacheSegment.LogExtension))
        {
            if (!CacheSegment.TryParseName(Path.GetFileName(file), CacheSegment.LogExtension, out var sequence))
            {
                continue;
            }

            var segment = new CacheSegment(directory, sequence);
            try
            {
                segment.Scan((header, offset) => records.Add((segment.LogPath, offset + CacheRecordHeader.Size, header)));
            }
            catch (FileNotFoundException)
            {
                // Evicted meanwhile.
            }
        }

        return records;
    }

    public static int CountBlocks(string cacheDirectory) => Records(cacheDirectory).Count;

    /// <summary>The bytes of the segment files: what the cache takes on disk.</summary>
    public static long Bytes(string cacheDirectory)
    {
        var directory = Path.Join(cacheDirectory, "segments");
        return Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*" + CacheSegment.LogExtension).Sum(f => new FileInfo(f).Length) : 0;
    }
}
