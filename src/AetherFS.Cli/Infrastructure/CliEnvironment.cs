namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// The environment variables commands read: the process's own, or, within <see cref="Use"/>, a set given for one run
/// (the integration tests run the CLI in their own process, many runs at once, each with its own hub and cache).
/// </summary>
internal static class CliEnvironment
{
    private static readonly AsyncLocal<IReadOnlyDictionary<string, string>?> Variables = new();

    public static string? Get(string name) =>
        Variables.Value is { } variables ? variables.GetValueOrDefault(name) : Environment.GetEnvironmentVariable(name);

    /// <summary>Runs what follows in this async flow with exactly <paramref name="variables"/> as the environment.</summary>
    public static IDisposable Use(IReadOnlyDictionary<string, string> variables)
    {
        var previous = Variables.Value;
        Variables.Value = variables;
        return new Restore(previous);
    }

    private sealed class Restore(IReadOnlyDictionary<string, string>? previous) : IDisposable
    {
        public void Dispose() => Variables.Value = previous;
    }
}
