namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// Standard input of a run: the process's own, or, within <see cref="Use"/>, one given for one run (the integration
/// tests run the CLI in their own process, many runs at once). Passwords and tokens come this way, never as arguments.
/// </summary>
internal static class CliInput
{
    private static readonly AsyncLocal<TextReader?> Reader = new();

    public static TextReader Current => Reader.Value ?? Console.In;

    /// <summary>Whether a person types at the input, so a prompt makes sense.</summary>
    public static bool IsTerminal => Reader.Value is null && !Console.IsInputRedirected;

    public static IDisposable Use(TextReader input)
    {
        var previous = Reader.Value;
        Reader.Value = input;
        return new Restore(previous);
    }

    private sealed class Restore(TextReader? previous) : IDisposable
    {
        public void Dispose() => Reader.Value = previous;
    }
}
