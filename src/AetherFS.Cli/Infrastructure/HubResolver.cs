using AetherFS.Core.References;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Which hub a command talks to: --hub, else the reference's host, else $AETHERFS_HUB, else localhost:8080.</summary>
internal static class HubResolver
{
    public const string EnvironmentVariable = "AETHERFS_HUB";
    public const string Default = "http://localhost:8080";

    public static Uri Resolve(string? hubOption, DatasetReference? reference = null)
    {
        var text = hubOption ?? reference?.HostUrl()?.ToString();
        if (text is null)
        {
            text = EnvironmentDefaults.Get(EnvironmentVariable) ?? Default;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"invalid hub URL '{text}': expected http(s)://host[:port]");
        }

        return uri;
    }

    public static DatasetReference ParseReference(string text) =>
        DatasetReference.TryParse(text, out var reference, out var error) ? reference : throw new CliException(error);
}
