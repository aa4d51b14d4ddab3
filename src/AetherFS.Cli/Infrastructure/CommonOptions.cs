using System.CommandLine;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Options shared by several commands.</summary>
internal static class CommonOptions
{
    /// <summary>Examples in the message for a bad cache size (here and in run agent).</summary>
    public const string CacheSizeExamples = "512MiB, 10GiB";

    public static readonly Option<string?> Hub = new("--hub")
    {
        Description = $"Hub URL (default: the reference's host, else ${HubResolver.EnvironmentVariable}, else {HubResolver.Default})",
    };

    public static readonly Option<string?> CaCert = new("--ca-cert")
    {
        Description = "PEM file of a private CA (or bundle) to trust for the hub's TLS certificate, besides the system's and $SSL_CERT_FILE (env AETHERFS_CA_CERT)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get(HubConnections.CaCertVariable),
        HelpName = "file",
    };

    public static readonly Option<string?> TokenFile = new("--token-file")
    {
        Description = "File whose first line is the API token to send, over $AETHERFS_TOKEN and `auth login` credentials (env AETHERFS_TOKEN_FILE)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get(HubConnections.TokenFileVariable),
        HelpName = "file",
    };

    public static readonly Option<string> CacheDir = new("--cache-dir")
    {
        Description = "Local cache of blocks, pulls and pushes (default: $AETHERFS_CACHE_DIR, else $XDG_CACHE_HOME/aetherfs, else ~/.cache/aetherfs)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("AETHERFS_CACHE_DIR") ?? Client.Pull.PullOptions.DefaultCacheDirectory(),
    };

    public static readonly Option<long> CacheSize = new("--cache-size")
    {
        Description = "Byte budget of the block cache, e.g. 10GiB; least recently used blocks go first (env AETHERFS_CACHE_SIZE)",
        DefaultValueFactory = result => OptionValues.Size(result, EnvironmentDefaults.Get("AETHERFS_CACHE_SIZE") ?? "10GiB", CacheSizeExamples, minimum: 1),
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, CacheSizeExamples, minimum: 1),
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print the result as JSON on stdout",
    };

    // Checked when parsed, on every command: one that logs nothing must still refuse "--log-level foo".
    public static readonly Option<string> LogLevel = new("--log-level")
    {
        Description = "Log level: trace, debug, info, warn, error (env LOG_LEVEL)",
        DefaultValueFactory = result => OptionValues.OneOf(result, EnvironmentDefaults.Get("LOG_LEVEL") ?? "info", "--log-level", LogLevels),
        CustomParser = result => OptionValues.OneOf(result, result.Tokens.Single().Value, "--log-level", LogLevels),
        HelpName = "level",
        Recursive = true,
    };

    public static readonly Option<string> LogFormat = new("--log-format")
    {
        Description = "Log format: text or json (env LOG_FORMAT)",
        DefaultValueFactory = result => OptionValues.OneOf(result, EnvironmentDefaults.Get("LOG_FORMAT") ?? "text", "--log-format", LogFormats),
        CustomParser = result => OptionValues.OneOf(result, result.Tokens.Single().Value, "--log-format", LogFormats),
        HelpName = "format",
        Recursive = true,
    };

    private static string[] LogLevels => ["trace", "debug", "info", "information", "warn", "warning", "error"];

    private static string[] LogFormats => ["text", "json"];
}
