namespace AetherFS.Protocol.Rest;

/// <summary>
/// The REST API's paths under <c>/api/v1</c>. Dataset names hold '/', so the dataset's own resources follow a
/// '/-/' separator, which no name segment can be (segments start with a letter or digit).
/// </summary>
public static class ApiPaths
{
    public const string Root = "/api/v1";
    public const string Datasets = Root + "/datasets";
    public const string Manifests = Root + "/manifests";
    public const string Blocks = Root + "/blocks";
    public const string MissingBlocks = Blocks + "/missing";
    public const string FetchBlocks = Blocks + "/fetch";
    public const string Packs = Root + "/packs";
    public const string Gc = Root + "/gc";
    public const string Verify = Root + "/verify";
    public const string Pushes = Root + "/pushes";
    public const string Tokens = Root + "/tokens";
    public const string WhoAmI = Root + "/auth/whoami";

    /// <summary>How clients sign in to this hub (its OIDC issuer and public client); open to every caller.</summary>
    public const string AuthConfig = Root + "/auth/config";
    public const string Separator = "/-/";
    public const string ManifestDigestHeader = "AetherFS-Manifest-Digest";
    public const string ManifestMediaType = "application/vnd.aetherfs.manifest.v1+json";

    /// <summary>
    /// Sent by a push on FindMissing, the manifest upload and the tag, so the hub groups the push's claims and
    /// releases them once the tag is written (also read from gRPC metadata as <c>aetherfs-push-id</c>).
    /// </summary>
    public const string PushIdHeader = "AetherFS-Push-Id";

    /// <summary>
    /// Sent (any value) with a manifest fetch that only looks at a version (<c>ls</c>, <c>inspect</c>, <c>tag</c>): the
    /// hub does not count it as a pull in the usage statistics.
    /// </summary>
    public const string InspectHeader = "AetherFS-Inspect";

    /// <summary>
    /// Sent with a manifest fetch that accepts block payloads by a client holding another manifest (its digest): the
    /// hub may answer with a delta against it (<c>ManifestDelta</c>), when the caller may read that manifest and the
    /// delta is shorter. A manifest uploaded as a block payload may be such a delta against one the hub holds.
    /// </summary>
    public const string HaveManifestHeader = "AetherFS-Have-Manifest";

    /// <summary>The largest manifest a hub accepts and a client reads.</summary>
    public const int MaxManifestBytes = 256 * 1024 * 1024;

    public static string ListDatasets(int limit, string? after) =>
        $"{Datasets}?limit={limit}" + (after is null ? string.Empty : $"&after={Uri.EscapeDataString(after)}");

    public static string Tags(string name) => $"{Datasets}/{name}{Separator}tags";

    public static string Tag(string name, string tag) => $"{Tags(name)}/{tag}";

    /// <summary>A manifest looked up through a dataset, by tag or by digest.</summary>
    public static string DatasetManifest(string name, string tagOrDigest) => $"{Datasets}/{name}{Separator}manifests/{tagOrDigest}";

    /// <summary>Server-sent events for the tags named: the REST form of DatasetAPI.Subscribe.</summary>
    public static string Watch(string name, IEnumerable<string> tags) =>
        $"{Datasets}/{name}{Separator}watch?" + string.Join('&', tags.Select(t => "tag=" + Uri.EscapeDataString(t)));

    public static string Retention(string name) => $"{Datasets}/{name}{Separator}retention";

    /// <summary>A dataset's usage and storage stats over the period <paramref name="since"/> (a duration such as "30d").</summary>
    public static string Stats(string name, string since) => $"{Datasets}/{name}{Separator}stats?since={Uri.EscapeDataString(since)}";

    public static string Manifest(string digest) => $"{Manifests}/{digest}";

    /// <summary>What a pull of the manifest <paramref name="digest"/> downloads after one of <paramref name="from"/> (none: a first pull).</summary>
    public static string Transfer(string digest, string? from) =>
        $"{Manifests}/{digest}/transfer" + (from is null ? string.Empty : $"?from={Uri.EscapeDataString(from)}");

    public static string Block(string signature) => $"{Blocks}/{signature}";

    public static string Pack(string id) => $"{Packs}/{id}";
}
