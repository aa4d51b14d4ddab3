using System.Text.Json;
using AetherFS.Core.Units;
using YamlDotNet.RepresentationModel;

namespace AetherFS.Agent.Configuration;

/// <summary>
/// The agent's config file, YAML or JSON (JSON is YAML too, but is read strictly as JSON when it ends in .json):
/// <code>
/// hub: http://hub:8080
/// cacheDir: /var/cache/aetherfs
/// cacheSize: 10GiB
/// port: 8081
/// onUpdate: systemctl reload geoip
/// tlsCertPath: /etc/aetherfs/agent.pem      # serve HTTPS (with tlsKeyPath)
/// tlsKeyPath: /etc/aetherfs/agent-key.pem
/// caCert: /etc/aetherfs/private-ca.pem      # trust a private CA for the hub
/// tokenFile: /run/secrets/aetherfs-token    # the API token to send to the hub
/// sync:
///   - dataset: maxmind:stable
///     dir: /data/maxmind
/// mount:                                    # mounted with FUSE: bytes are fetched as they are read
///   - dataset: imagenet:stable
///     dir: /mnt/imagenet
/// peers: [http://10.0.0.2:8081, http://10.0.0.3:8081]   # or peersDns: aetherfs-agents.ns.svc:8081
/// peerTokenFile: /run/secrets/aetherfs-peer-token
/// peerMode: serve                           # serve | fetch-only | off
/// </code>
/// Flags given on the command line win over the file.
/// </summary>
public sealed record AgentConfigFile(string? Hub, string? CacheDir, long? CacheSize, int? Port, string? ListenAddress, string? OnUpdate, IReadOnlyList<SyncSpec> Syncs)
{
    private static readonly string[] Keys = ["hub", "cacheDir", "cacheSize", "port", "listenAddress", "onUpdate", "sync", "mount", "tlsCertPath", "tlsKeyPath", "caCert", "tokenFile", "peers", "peersDns", "peerTokenFile", "peerMode"];
    private static readonly string[] SubscriptionKeys = ["dataset", "dir"];

    public static AgentConfigFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read config file {path}: {e.Message}", e);
        }

        var values = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(text, path) : FromYaml(text, path);
        CheckKeys(values.Keys, Keys, path, "");
        string? Text(string key) => values.TryGetValue(key, out var value) ? value as string : null;

        var syncs = Subscriptions(values, "sync", path);
        var mounts = Subscriptions(values, "mount", path);

        long? cacheSize = null;
        if (Text("cacheSize") is { } size)
        {
            cacheSize = ByteSize.TryParse(size, out var bytes) && bytes > 0 ? bytes : throw new ArgumentException($"{path}: invalid cacheSize '{size}'");
        }

        int? port = null;
        if (Text("port") is { } portText)
        {
            port = int.TryParse(portText, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : throw new ArgumentException($"{path}: invalid port '{portText}'");
        }

        return new AgentConfigFile(Text("hub"), Text("cacheDir"), cacheSize, port, Text("listenAddress"), Text("onUpdate"), syncs)
        {
            TlsCertPath = Text("tlsCertPath"),
            TlsKeyPath = Text("tlsKeyPath"),
            CaCert = Text("caCert"),
            TokenFile = Text("tokenFile"),
            Mounts = mounts,
            Peers = values.GetValueOrDefault("peers") switch
            {
                string list => [list],
                List<string> list => list,
                null => [],
                _ => throw new ArgumentException($"{path}: 'peers' is a list of addresses (http://HOST:PORT)"),
            },
            PeersDns = Text("peersDns"),
            PeerTokenFile = Text("peerTokenFile"),
            PeerMode = Text("peerMode"),
        };
    }

    /// <summary>The datasets mounted with FUSE (<c>mount</c> entries), following their tags like syncs do.</summary>
    public IReadOnlyList<SyncSpec> Mounts { get; init; } = [];

    /// <summary>PEM certificate the agent's port serves HTTPS with (with <see cref="TlsKeyPath"/>).</summary>
    public string? TlsCertPath { get; init; }

    public string? TlsKeyPath { get; init; }

    /// <summary>PEM file of a private CA to trust for the hub's certificate.</summary>
    public string? CaCert { get; init; }

    /// <summary>File holding the API token sent to the hub: the secret stays out of the config file.</summary>
    public string? TokenFile { get; init; }

    /// <summary>Peer addresses (<c>peers</c>: a list, or one comma-separated string).</summary>
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>A DNS name (NAME or NAME:PORT) whose every address is a peer.</summary>
    public string? PeersDns { get; init; }

    /// <summary>File holding the cluster token peers share: the secret stays out of the config file.</summary>
    public string? PeerTokenFile { get; init; }

    /// <summary>serve, fetch-only or off.</summary>
    public string? PeerMode { get; init; }

    private static List<SyncSpec> Subscriptions(Dictionary<string, object?> values, string key, string path)
    {
        var subscriptions = new List<SyncSpec>();
        if (values.TryGetValue(key, out var list) && list is List<Dictionary<string, object?>> items)
        {
            foreach (var item in items)
            {
                CheckKeys(item.Keys, SubscriptionKeys, path, $"{key} entry ");
                var dataset = item.GetValueOrDefault("dataset") as string;
                var dir = item.GetValueOrDefault("dir") as string;
                if (dataset is null || dir is null)
                {
                    throw new ArgumentException($"{path}: every {key} entry needs 'dataset' and 'dir'");
                }

                subscriptions.Add(SyncSpec.Create(dataset, dir, out var error) ?? throw new ArgumentException($"{path}: {error}"));
            }
        }

        return subscriptions;
    }

    // A key the agent does not know is a mistake (a typo would otherwise be ignored silently): name it, and the key
    // it probably meant.
    private static void CheckKeys(IEnumerable<string> keys, string[] known, string path, string where)
    {
        foreach (var key in keys)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                var meant = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
                throw new ArgumentException($"{path}: unknown {where}key '{key}'" + (meant is null ? $" (known: {string.Join(", ", known)})" : $" (did you mean '{meant}'?)"));
            }
        }
    }

    // Both forms become string scalars and lists of string maps: the few shapes the file has.
    private static Dictionary<string, object?> FromYaml(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ArgumentException($"{path}: invalid YAML: {e.Message}", e);
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return result;
        }

        foreach (var (key, value) in root.Children)
        {
            result[((YamlScalarNode)key).Value!] = value switch
            {
                YamlScalarNode scalar => scalar.Value,
                YamlSequenceNode sequence when sequence.Children.All(c => c is YamlScalarNode) && sequence.Children.Count > 0 =>
                    sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList(),
                YamlSequenceNode sequence => sequence.Children.OfType<YamlMappingNode>()
                    .Select(m => m.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (object?)(c.Value as YamlScalarNode)?.Value, StringComparer.Ordinal))
                    .ToList(),
                _ => null,
            };
        }

        return result;
    }

    private static Dictionary<string, object?> FromJson(string text, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                result[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array when property.Value.GetArrayLength() > 0 && property.Value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String) =>
                        property.Value.EnumerateArray().Select(i => i.GetString()!).ToList(),
                    JsonValueKind.Array => property.Value.EnumerateArray()
                        .Select(item => item.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.ToString(), StringComparer.Ordinal))
                        .ToList(),
                    JsonValueKind.Null => null,
                    _ => property.Value.ToString(),
                };
            }

            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"{path}: invalid JSON: {e.Message}", e);
        }
    }
}
