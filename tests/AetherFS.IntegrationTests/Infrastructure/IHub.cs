namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>A hub the tests talk to: in this process (<see cref="HubHost"/>) or a real <c>aetherfs run hub</c> process (<see cref="HubProcess"/>).</summary>
public interface IHub
{
    int Port { get; }

    Uri Url { get; }

    /// <summary>The local store's directory (its --storage-path).</summary>
    string StoragePath { get; }

    /// <summary>Everything the hub logged so far, one line each.</summary>
    string Output { get; }

    /// <summary>A fresh cache directory per call, so results do not depend on other tests.</summary>
    string NewCacheDirectory();

    /// <summary>The environment a CLI run against this hub gets: <c>AETHERFS_HUB</c> and a fresh <c>AETHERFS_CACHE_DIR</c>.</summary>
    IReadOnlyDictionary<string, string> Environment(string? cacheDirectory = null);
}
