namespace AetherFS.Storage.Packs;

/// <summary>
/// Plans the reads that fetch many chunks: grouped by pack, sorted by offset, neighbours merged into one range when
/// the bytes between them are at most a gap and the range stays within a maximum (restic's rules: reading a small
/// gap costs less than a request's latency; a bounded range bounds what one request holds up and a retry repeats).
/// </summary>
public static class PackRanges
{
    public static IEnumerable<PackRange> Plan(IEnumerable<LocatedChunk> chunks, int maxGap, int maxRange)
    {
        foreach (var pack in chunks.DistinctBy(c => c.Signature).GroupBy(c => c.PackId, StringComparer.Ordinal))
        {
            var sorted = pack.OrderBy(c => c.Location.Offset).ToList();
            var current = new List<LocatedChunk> { sorted[0] };
            for (var i = 1; i < sorted.Count; i++)
            {
                var next = sorted[i];
                var start = current[0].Location.Offset;
                if (next.Location.Offset - current[^1].End <= maxGap && next.End - start <= maxRange)
                {
                    current.Add(next);
                    continue;
                }

                yield return Close(pack.Key, current);
                current = [next];
            }

            yield return Close(pack.Key, current);
        }
    }

    private static PackRange Close(string packId, List<LocatedChunk> chunks) =>
        new(packId, chunks[0].Location.Offset, chunks[^1].End - chunks[0].Location.Offset, chunks);
}
