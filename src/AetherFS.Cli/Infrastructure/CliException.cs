namespace AetherFS.Cli.Infrastructure;

/// <summary>An error the user can fix, with the exit code it maps to.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.InvalidInput)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
