using System.Text.RegularExpressions;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Cli;

/// <summary>--help shows what a user would type: sizes and durations in their units, never raw bytes or .NET times.</summary>
public sealed partial class HelpTests
{
    public static TheoryData<string> Commands() =>
    [
        "", "push", "pull", "ls", "tags", "inspect", "diff", "stats", "tag", "rm", "gc", "retention", "retention set", "retention show",
        "retention clear", "run", "run hub", "run agent", "version", "completion", "auth", "auth login", "auth logout", "auth status",
        "token", "token create", "token list", "token revoke",
    ];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_ShowsSizesAndDurationsInHumanUnits(string command)
    {
        var result = await Infrastructure.Cli.RunAsync(null, [.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);

        result.AssertSuccess();
        Assert.DoesNotMatch(RawDefault(), result.StandardOutput);
    }

    [Theory]
    [InlineData("pull", "--cache-size", "[default: 10GiB]")]
    [InlineData("push", "--pack-size", "[default: 32MiB]")]
    [InlineData("run hub", "--tag-poll-interval", "[default: 2s]")]
    [InlineData("run hub", "--gc-grace", "[default: 1h]")]
    [InlineData("run hub", "--block-cache-size", "[default: 64MiB]")]
    public async Task Help_ShowsEachDefaultOnItsOptionsLine(string command, string option, string shown)
    {
        var result = await Infrastructure.Cli.RunAsync(null, [.. command.Split(' '), "--help"]);

        var line = Assert.Single(result.StandardOutput.Split('\n'), l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.EndsWith(shown, line.TrimEnd(), StringComparison.Ordinal);
    }

    // A byte count (five digits or more) or a TimeSpan ("00:00:02") as a default.
    [GeneratedRegex(@"\[default: (\d{5,}|\d+\.?\d*:\d\d:\d\d[^\]]*)\]")]
    private static partial Regex RawDefault();
}
