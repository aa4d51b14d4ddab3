namespace AetherFS.Serving.FileServer;

/// <summary>The answer to a Range request: the whole file, the ranges to send in order, or 416.</summary>
internal sealed record RangePlan(RangePlanKind Kind, IReadOnlyList<ByteRange> Ranges)
{
    public static readonly RangePlan Full = new(RangePlanKind.Full, []);

    public static readonly RangePlan Unsatisfiable = new(RangePlanKind.Unsatisfiable, []);

    /// <summary>True when the answer is multipart/byteranges.</summary>
    public bool IsMultipart => Kind == RangePlanKind.Partial && Ranges.Count > 1;
}
