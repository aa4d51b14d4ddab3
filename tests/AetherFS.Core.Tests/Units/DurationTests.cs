using System.Globalization;
using AetherFS.Core.Units;

namespace AetherFS.Core.Tests.Units;

public sealed class DurationTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 0, 500)]
    [InlineData("2s", 0, 0, 0, 2, 0)]
    [InlineData("5m", 0, 0, 5, 0, 0)]
    [InlineData("1h", 0, 1, 0, 0, 0)]
    [InlineData("7d", 7, 0, 0, 0, 0)]
    [InlineData("1h30m", 0, 1, 30, 0, 0)]
    [InlineData("1.5s", 0, 0, 0, 1, 500)]
    [InlineData("0.5h", 0, 0, 30, 0, 0)]
    [InlineData("90s", 0, 0, 1, 30, 0)]
    [InlineData("0s", 0, 0, 0, 0, 0)]
    [InlineData("1d2h3m4s5ms", 1, 2, 3, 4, 5)]
    [InlineData(" 2s ", 0, 0, 0, 2, 0)]
    public void TryParse_ReadsDurationsAsPeopleWriteThem(string text, int days, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(new TimeSpan(days, hours, minutes, seconds, milliseconds), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("ms")]
    [InlineData("5x")]
    [InlineData("5sec")]
    [InlineData("-1s")]
    [InlineData("1h-30m")]
    [InlineData("1.2.3s")]
    [InlineData(".s")]
    [InlineData("5 s")]
    [InlineData("1h30")]
    [InlineData("1e3s")]
    [InlineData("99999999999999d")]
    [InlineData("10675200d")]
    [InlineData("922337203685477.5808ms")]
    [InlineData("10675199d1d")]
    [InlineData("99999999999999999999999999999999999999d")]
    public void TryParse_RejectsWhatIsNotADuration(string? text)
    {
        Assert.False(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.Zero, duration);
    }

    [Theory]
    [InlineData("922337203685477.5807ms")]
    [InlineData("10675199d2h48m5.4775807s")]
    public void TryParse_AcceptsTheLongestTimeSpan(string text)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.MaxValue, duration);
    }

    [Fact]
    public void TryParse_ReadsEveryMillisecondOfDecimalSecondsExactly()
    {
        // "0.001s" to "9.999s": binary floating point must not turn 1.001s into 1000.9999 ms.
        for (var milliseconds = 0; milliseconds < 10_000; milliseconds++)
        {
            var text = (milliseconds / 1000m).ToString("0.000", CultureInfo.InvariantCulture) + "s";

            Assert.True(Duration.TryParse(text, out var duration), text);
            Assert.True(TimeSpan.FromMilliseconds(milliseconds) == duration, $"{text} gave {duration.Ticks} ticks");
        }
    }

    [Theory]
    [InlineData(0L, "0ms")]
    [InlineData(250L, "250ms")]
    [InlineData(1500L, "1500ms")]
    [InlineData(2000L, "2s")]
    [InlineData(90_000L, "1m30s")]
    [InlineData(5_400_000L, "1h30m")]
    [InlineData(604_800_000L, "7d")]
    [InlineData(93_784_000L, "1d2h3m4s")]
    public void Format_WritesTheShortestExactForm(long milliseconds, string expected)
    {
        Assert.Equal(expected, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(999L)]
    [InlineData(1001L)]
    [InlineData(60_000L)]
    [InlineData(3_723_000L)]
    [InlineData(90_061_000L)]
    [InlineData(8_640_000_000L)]
    public void Format_WritesWhatTryParseReadsBack(long milliseconds)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);

        Assert.True(Duration.TryParse(Duration.Format(duration), out var parsed));
        Assert.Equal(duration, parsed);
    }
}
