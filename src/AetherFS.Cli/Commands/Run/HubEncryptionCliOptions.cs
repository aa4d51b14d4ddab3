using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Hub.Configuration;

namespace AetherFS.Cli.Commands.Run;

/// <summary>The <c>--encryption-*</c> options of <c>run hub</c>: encryption at rest (docs/security.md).</summary>
internal static class HubEncryptionCliOptions
{
    private static readonly Option<string?> KeyFile = new("--encryption-key-file")
    {
        Description = "Encrypt stored blocks and manifests (AES-256-GCM) with the keys of this file: id:base64 lines, the first for new writes (env ENCRYPTION_KEY_FILE)",
        DefaultValueFactory = _ => EnvironmentDefaults.Get("ENCRYPTION_KEY_FILE"),
    };

    private static readonly Option<bool> AllowPlaintext = new("--encryption-allow-plaintext")
    {
        Description = "Start with a key on a store that holds unencrypted data, to migrate it; gc encrypts what it rewrites (env ENCRYPTION_ALLOW_PLAINTEXT=true)",
        DefaultValueFactory = _ => string.Equals(EnvironmentDefaults.Get("ENCRYPTION_ALLOW_PLAINTEXT"), "true", StringComparison.OrdinalIgnoreCase),
    };

    public static IEnumerable<Option> All => [KeyFile, AllowPlaintext];

    public static HubEncryptionOptions Read(ParseResult parsed) => new()
    {
        KeyFile = parsed.GetValue(KeyFile),
        AllowPlaintext = parsed.GetValue(AllowPlaintext),
    };
}
