namespace AetherFS.Serving.FileServer;

/// <summary>
/// Turns a Range header into what to send (RFC 9110 §14): unsatisfiable ranges dropped, the rest clamped to the
/// file, and pathological sets defused as nginx does, so a request never costs much more than the file.
/// </summary>
internal static class RangePlanner
{
    /// <summary>More ranges than this are ignored and the whole file sent (RFC 9110 §14.2 allows it).</summary>
    public const int MaxRanges = 100;

    public static RangePlan Plan(string? rangeHeader, long size)
    {
        if (RangeHeader.Parse(rangeHeader) is not { } specs || specs.Count > MaxRanges)
        {
            return RangePlan.Full;
        }

        var ranges = new List<ByteRange>(specs.Count);
        foreach (var spec in specs)
        {
            if (Satisfy(spec, size) is { } range)
            {
                ranges.Add(range);
            }
        }

        if (ranges.Count == 0)
        {
            return RangePlan.Unsatisfiable;
        }

        // Overlapping or touching ranges are merged, which also bounds the bytes sent by the file's size. Parts
        // keep the order asked for unless something was merged (RFC 9110 §14.6 allows reordering only then).
        var merged = Coalesce(ranges);
        return new RangePlan(RangePlanKind.Partial, merged.Count == ranges.Count ? ranges : merged);
    }

    private static ByteRange? Satisfy(RangeSpec spec, long size)
    {
        if (spec.First is { } first)
        {
            if (first >= size)
            {
                return null;
            }

            var last = Math.Min(spec.Last ?? long.MaxValue, size - 1);
            return new ByteRange(first, last - first + 1);
        }

        var suffix = Math.Min(spec.Last!.Value, size);
        return suffix == 0 ? null : new ByteRange(size - suffix, suffix);
    }

    private static List<ByteRange> Coalesce(List<ByteRange> ranges)
    {
        var sorted = ranges.OrderBy(r => r.Start).ToList();
        var merged = new List<ByteRange> { sorted[0] };
        foreach (var range in sorted.Skip(1))
        {
            var previous = merged[^1];
            if (range.Start <= previous.End + 1)
            {
                merged[^1] = new ByteRange(previous.Start, Math.Max(previous.End, range.End) - previous.Start + 1);
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }
}
