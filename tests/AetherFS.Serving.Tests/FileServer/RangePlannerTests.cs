using AetherFS.Serving.FileServer;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class RangePlannerTests
{
    private const long Size = 10_000;

    [Theory]
    [InlineData("bytes=0-0", 0, 1)]
    [InlineData("bytes=100-199", 100, 100)]
    [InlineData("bytes=9999-9999", 9999, 1)]
    [InlineData("bytes=9000-", 9000, 1000)]
    [InlineData("bytes=-500", 9500, 500)]
    [InlineData("bytes=-20000", 0, Size)]
    [InlineData("bytes=9990-20000", 9990, 10)]
    [InlineData("bytes=0-99999999999999999999999", 0, Size)]
    [InlineData("BYTES=5-9", 5, 5)]
    [InlineData("bytes= 5-9 ,", 5, 5)]
    public void Plan_SingleRange_IsClampedToTheFile(string header, long start, long length)
    {
        var plan = RangePlanner.Plan(header, Size);

        Assert.Equal(RangePlanKind.Partial, plan.Kind);
        Assert.Equal([new ByteRange(start, length)], plan.Ranges);
        Assert.False(plan.IsMultipart);
    }

    [Theory]
    [InlineData("bytes=10000-")]
    [InlineData("bytes=10000-10005")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=20000-30000,-0")]
    public void Plan_NothingSatisfiable_Is416(string header)
    {
        Assert.Equal(RangePlanKind.Unsatisfiable, RangePlanner.Plan(header, Size).Kind);
    }

    [Fact]
    public void Plan_AnyRangeOfAnEmptyFile_Is416()
    {
        Assert.Equal(RangePlanKind.Unsatisfiable, RangePlanner.Plan("bytes=0-", 0).Kind);
        Assert.Equal(RangePlanKind.Unsatisfiable, RangePlanner.Plan("bytes=-10", 0).Kind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("items=0-10")]
    [InlineData("bytes=")]
    [InlineData("bytes=,")]
    [InlineData("bytes=10-5")]
    [InlineData("bytes=a-b")]
    [InlineData("bytes=5")]
    [InlineData("bytes=-")]
    [InlineData("bytes=1-2-3")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=0-1,5-2")]
    public void Plan_InvalidHeader_IsIgnoredForTheWholeFile(string? header)
    {
        Assert.Same(RangePlan.Full, RangePlanner.Plan(header, Size));
    }

    [Fact]
    public void Plan_SeveralDisjointRanges_AreMultipartInTheOrderAsked()
    {
        var plan = RangePlanner.Plan("bytes=500-599, 0-9,-10", Size);

        Assert.True(plan.IsMultipart);
        Assert.Equal([new ByteRange(500, 100), new ByteRange(0, 10), new ByteRange(9990, 10)], plan.Ranges);
    }

    [Fact]
    public void Plan_UnsatisfiableRangesAmongOthers_AreDropped()
    {
        var plan = RangePlanner.Plan("bytes=0-9,20000-,30-39", Size);

        Assert.Equal([new ByteRange(0, 10), new ByteRange(30, 10)], plan.Ranges);
    }

    [Fact]
    public void Plan_OverlappingAndTouchingRanges_AreMerged()
    {
        var plan = RangePlanner.Plan("bytes=100-199,0-49,150-299,50-59,5000-5009", Size);

        Assert.Equal([new ByteRange(0, 60), new ByteRange(100, 200), new ByteRange(5000, 10)], plan.Ranges);
    }

    [Fact]
    public void Plan_RangesCoveringTheSameBytesRepeatedly_CostNoMoreThanTheFile()
    {
        var header = "bytes=" + string.Join(',', Enumerable.Repeat("0-9999", RangePlanner.MaxRanges));

        var plan = RangePlanner.Plan(header, Size);

        Assert.Equal([new ByteRange(0, Size)], plan.Ranges);
    }

    [Fact]
    public void Plan_MoreThanTheMaximumNumberOfRanges_IsIgnoredForTheWholeFile()
    {
        var header = "bytes=" + string.Join(',', Enumerable.Range(0, RangePlanner.MaxRanges + 1).Select(i => $"{i * 10}-{(i * 10) + 1}"));

        Assert.Same(RangePlan.Full, RangePlanner.Plan(header, Size));
    }

    [Fact]
    public void ContentRange_IsInclusiveOfTheLastByte()
    {
        Assert.Equal("bytes 100-199/10000", new ByteRange(100, 100).ContentRange(Size));
    }
}
