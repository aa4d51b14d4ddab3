namespace AetherFS.Cli.Infrastructure;

/// <summary>The process's own stdout and stderr.</summary>
internal sealed class ConsoleOutput : ICliOutput
{
    public TextWriter Out => Console.Out;

    public TextWriter Error => Console.Error;

    public bool IsInteractive => !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;
}
