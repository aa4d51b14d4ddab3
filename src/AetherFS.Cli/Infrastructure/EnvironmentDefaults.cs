namespace AetherFS.Cli.Infrastructure;

/// <summary>Reads an option's default from the first environment variable that is set.</summary>
internal static class EnvironmentDefaults
{
    public static string? Get(params string[] names) =>
        names.Select(CliEnvironment.Get).FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
