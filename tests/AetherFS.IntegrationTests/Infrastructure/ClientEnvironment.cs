namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// The environment of a CLI run that must see none of the machine's own credentials, config or cache: every place
/// it reads or writes them is inside the test's temp directory, and no token comes from outside.
/// </summary>
public static class ClientEnvironment
{
    /// <param name="cache">The cache directory's name under <paramref name="temp"/>.</param>
    /// <param name="token">AETHERFS_TOKEN; empty for none.</param>
    public static Dictionary<string, string> Isolated(TempDirectory temp, string cache = "cache", string token = "") => new()
    {
        ["XDG_CONFIG_HOME"] = temp.Combine("config"),
        ["HOME"] = temp.Combine("home"),
        ["AETHERFS_CACHE_DIR"] = temp.Combine(cache),
        ["AETHERFS_TOKEN"] = token,
    };

    /// <summary>As <see cref="Isolated"/>, with a cache of its own for this run, so nothing it pulls comes from an earlier run.</summary>
    public static Dictionary<string, string> IsolatedFreshCache(TempDirectory temp, string hub, string token = "")
    {
        var environment = Isolated(temp, "cache-" + Guid.NewGuid().ToString("N"), token);
        environment["AETHERFS_HUB"] = hub;
        return environment;
    }
}
