using System.Text.Json;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>What one run of the aetherfs binary did.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public JsonElement Json() => JsonDocument.Parse(StandardOutput).RootElement;

    public CliResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"aetherfs exited {ExitCode}\nstdout: {StandardOutput}\nstderr: {StandardError}");
        return this;
    }

    /// <summary>Bad input: a non-zero exit and exactly one line on stderr.</summary>
    public CliResult AssertFailedWithOneLine(int? exitCode = null)
    {
        Assert.NotEqual(0, ExitCode);
        if (exitCode is not null)
        {
            Assert.True(exitCode == ExitCode, $"expected exit {exitCode}, got {ExitCode}: {StandardError}");
        }

        var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{StandardError}");
        Assert.StartsWith("aetherfs: error: ", lines[0], StringComparison.Ordinal);
        return this;
    }
}
