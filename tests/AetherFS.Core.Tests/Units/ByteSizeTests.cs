using AetherFS.Core.Units;

namespace AetherFS.Core.Tests.Units;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("64KiB", 65536L)]
    [InlineData("4MiB", 4194304L)]
    [InlineData("1.5GiB", 1610612736L)]
    [InlineData("2TiB", 2199023255552L)]
    [InlineData("10GB", 10000000000L)]
    [InlineData("3KB", 3000L)]
    [InlineData("5MB", 5000000L)]
    [InlineData("1TB", 1000000000000L)]
    [InlineData("1048576", 1048576L)]
    [InlineData("4M", 4194304L)]
    [InlineData("2K", 2048L)]
    [InlineData("1G", 1073741824L)]
    [InlineData("512B", 512L)]
    [InlineData("0", 0L)]
    [InlineData(" 64 KiB ", 65536L)]
    [InlineData("64kib", 65536L)]
    [InlineData("0.5KiB", 512L)]
    public void TryParse_ReadsSizesWithUnits(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("-1KiB")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("KiB")]
    [InlineData("1.5")]
    [InlineData("0.3B")]
    [InlineData("1,024")]
    [InlineData("1e6")]
    [InlineData("12XB")]
    [InlineData("9223372036854775808")]
    [InlineData("8388608TiB")]
    public void TryParse_RejectsInvalidSizes(string? text)
    {
        Assert.False(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void TryParse_AcceptsLongMaxValue()
    {
        Assert.True(ByteSize.TryParse("9223372036854775807", out var bytes));
        Assert.Equal(long.MaxValue, bytes);
    }

    [Fact]
    public void TryParse_ReturnsFalseInsteadOfThrowingOnHugeNumbers()
    {
        // 1e20 TiB overflows decimal arithmetic, not just long.
        Assert.False(ByteSize.TryParse("100000000000000000000TiB", out _));
    }

    [Theory]
    [InlineData(0L, "0 B")]
    [InlineData(1023L, "1023 B")]
    [InlineData(1024L, "1 KiB")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(4194304L, "4 MiB")]
    [InlineData(1610612736L, "1.5 GiB")]
    [InlineData(2199023255552L, "2 TiB")]
    [InlineData(2251799813685248L, "2048 TiB")]
    public void Format_UsesBinaryUnits(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }

    [Fact]
    public void Format_RoundsToOneDecimal()
    {
        Assert.Equal("1.1 KiB", ByteSize.Format(1126));
    }

    [Theory]
    [InlineData(65536L)]
    [InlineData(4194304L)]
    [InlineData(1610612736L)]
    public void Format_OutputParsesBack(long bytes)
    {
        Assert.True(ByteSize.TryParse(ByteSize.Format(bytes).Replace(" ", string.Empty, StringComparison.Ordinal), out var parsed));
        Assert.Equal(bytes, parsed);
    }
}
