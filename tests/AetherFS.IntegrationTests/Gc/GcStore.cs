using AetherFS.Core.Manifests;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;

namespace AetherFS.IntegrationTests.Gc;

/// <summary>What a hub's local store holds, read from its directory, and what its versions reference, read over REST.</summary>
public static class GcStore
{
    /// <summary>Every stored block: signature and stored size.</summary>
    public static Dictionary<string, long> Blocks(HubHost hub) => HubStorage.Blocks(hub.StoragePath);

    public static int Manifests(HubHost hub)
    {
        var root = Path.Join(hub.StoragePath, "manifests");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Count() : 0;
    }

    /// <summary>The distinct block signatures of a version, from its manifest.</summary>
    public static async Task<HashSet<string>> BlocksOfAsync(HubHost hub, string name, string tagOrDigest)
    {
        using var http = new HttpClient { BaseAddress = hub.Url, Timeout = TimeSpan.FromSeconds(30) };
        var bytes = await http.GetByteArrayAsync(new Uri(ApiPaths.DatasetManifest(name, tagOrDigest), UriKind.Relative));
        return ManifestSerializer.Parse(bytes).Blocks.Select(b => b.Signature).ToHashSet();
    }
}
