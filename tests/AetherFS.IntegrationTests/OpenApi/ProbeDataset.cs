using System.Net.Http.Headers;
using System.Net.Http.Json;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Protocol.Rest;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>
/// A small dataset published through the REST API, so that every documented operation can be called with
/// resources that exist: a name with a slash, tag <c>v1</c>, one directory and one file in one block.
/// </summary>
public sealed class ProbeDataset
{
    public const string Name = "openapi/probe";
    public const string Tag = "v1";
    public const string FilePath = "docs/readme.txt";

    private ProbeDataset()
    {
        Block = "hello from the OpenAPI probe\n"u8.ToArray();
        Signature = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Block));
        var mtime = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);
        Manifest = ManifestSerializer.ToCanonicalBytes(new Manifest(
            ChunkingParameters.FixedSize(ChunkingParameters.DefaultBlockSize),
            [new ManifestEntry("docs", EntryType.Directory, 0, 0x1ED, mtime), new ManifestEntry(FilePath, EntryType.File, Block.Length, 0x1A4, mtime)],
            [new BlockRef(Signature, Block.Length)]));
        Digest = AetherFS.Core.References.Digest.Compute(Manifest);
        using var payload = Core.Blocks.BlockPayload.Encode(Block, level: 0);
        using var builder = new Core.Packs.PackBuilder(Path.GetTempPath());
        builder.Add(Signature, payload.Span);
        using var pack = builder.Build();
        Pack = pack.ReadAllBytes();
        PackId = pack.Id;
    }

    /// <summary>A pack holding the dataset's one block.</summary>
    public byte[] Pack { get; }

    public string PackId { get; }

    public byte[] Block { get; }

    public string Signature { get; }

    public byte[] Manifest { get; }

    public string Digest { get; }

    /// <summary>A value for each path and required query parameter the document names.</summary>
    public IReadOnlyDictionary<string, string> ParameterValues => new Dictionary<string, string>
    {
        ["name"] = Name,
        ["tag"] = Tag,
        ["tagOrDigest"] = Tag,
        ["digest"] = Digest,
        ["signature"] = Signature,
        ["path"] = FilePath,
        ["id"] = PackId,
        ["pushId"] = AetherFS.Storage.Claims.ClaimStore.NewId(),
        ["tokenName"] = "ci",
    };

    public static async Task<ProbeDataset> PublishAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var dataset = new ProbeDataset();
        (await http.PutAsync(new Uri(ApiPaths.Block(dataset.Signature), UriKind.Relative), new ByteArrayContent(dataset.Block), cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsync(new Uri(ApiPaths.Manifest(dataset.Digest), UriKind.Relative), dataset.ManifestContent(), cancellationToken)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync(new Uri(ApiPaths.Tag(Name, Tag), UriKind.Relative), new { digest = dataset.Digest }, cancellationToken)).EnsureSuccessStatusCode();
        return dataset;
    }

    /// <summary>The request body a documented operation needs, built from this dataset.</summary>
    public HttpContent? BodyFor(string operationId) => operationId switch
    {
        "putTag" => JsonContent.Create(new { digest = Digest }),
        "putManifest" => ManifestContent(),
        "putBlock" => new ByteArrayContent(Block) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
        "findMissingBlocks" => JsonContent.Create(new { signatures = new[] { Signature } }),
        "fetchBlocks" => JsonContent.Create(new { signatures = new[] { Signature } }),
        "putPack" => new ByteArrayContent(Pack) { Headers = { ContentType = new MediaTypeHeaderValue(Core.Packs.PackFormat.MediaType) } },
        "putRetention" => JsonContent.Create(new { keepLast = 5, maxAge = "90d", protect = new[] { Tag } }),
        "collectGarbage" => JsonContent.Create(new { dryRun = true }),
        _ => null,
    };

    private ByteArrayContent ManifestContent() =>
        new(Manifest) { Headers = { ContentType = new MediaTypeHeaderValue(ApiPaths.ManifestMediaType) } };
}
