using AetherFS.Protocol.Grpc;

namespace AetherFS.Protocol.Tests.Grpc;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("4m", 40_000L)]
    [InlineData("5u", 50L)]
    [InlineData("600n", 6L)]
    [InlineData("0S", 0L)]
    [InlineData("00000010m", 100_000L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    [InlineData("99999999H", 3_599_999_964_000_000_000L)]
    public void TryParse_ReadsEveryUnit(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), timeout);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")]
    [InlineData("1s")]
    [InlineData("1h")]
    [InlineData("1ms")]
    [InlineData("1x")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData(" 1S")]
    [InlineData("1 S")]
    [InlineData("1.5S")]
    [InlineData("1SS")]
    [InlineData("\u0661S")]
    public void TryParse_RejectsMalformedValues(string? header)
    {
        Assert.False(GrpcTimeout.TryParse(header, out _));
    }

    [Theory]
    [InlineData(0L, "0n")]
    [InlineData(1L, "100n")]
    [InlineData(999_999L, "99999900n")]
    [InlineData(1_000_000L, "100000u")]
    [InlineData(10_000_000L, "1000000u")]
    [InlineData(999_999_990L, "99999999u")]
    [InlineData(1_000_000_001L, "100001m")]
    [InlineData(36_000_000_000L, "3600000m")]
    public void Format_UsesTheFinestUnitThatFitsInEightDigits(long ticks, string expected)
    {
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Format_SendsAnExpiredDeadlineForNegativeTimeouts()
    {
        Assert.Equal("0n", GrpcTimeout.Format(TimeSpan.FromSeconds(-5)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12_345L)]
    [InlineData(1_000_000_001L)]
    [InlineData(123_456_789_123L)]
    [InlineData(864_000_000_000_000L)]
    [InlineData(3_599_999_964_000_000_000L)]
    public void Format_NeverShortensTheDeadline(long ticks)
    {
        var timeout = TimeSpan.FromTicks(ticks);

        var header = GrpcTimeout.Format(timeout);

        Assert.True(GrpcTimeout.TryParse(header, out var parsed), header);
        Assert.InRange(parsed, timeout, timeout * 1.001);
    }

    [Theory]
    [InlineData(3_600_000_000_000_000_000L)]
    [InlineData(long.MaxValue - 1)]
    [InlineData(long.MaxValue)]
    public void Format_CapsTimeoutsBeyondTheLargestValueTheHeaderHolds(long ticks)
    {
        var header = GrpcTimeout.Format(TimeSpan.FromTicks(ticks));

        Assert.Equal("99999999H", header);
    }

    [Fact]
    public void Format_CapsTheLargestTimeSpan()
    {
        Assert.Equal("99999999H", GrpcTimeout.Format(TimeSpan.MaxValue));
    }
}
