namespace AetherFS.IntegrationTests.Grpc;

/// <summary>What one run of the Python interpreter did.</summary>
public sealed record PythonResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Fails with everything Python printed, so a failing case explains itself in the xunit report.</summary>
    public PythonResult AssertSuccess(string what)
    {
        Assert.True(ExitCode == 0, $"{what}: python exited {ExitCode}\n--- stderr ---\n{StandardError}\n--- stdout ---\n{StandardOutput}");
        return this;
    }
}
