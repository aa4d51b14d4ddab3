using System.Globalization;
using System.Text;
using System.Text.Json;
using AetherFS.Core.Manifests;
using AetherFS.IntegrationTests.Infrastructure;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// Two versions of a dataset as real updates look: a 3 MiB JSON-lines file whose v2 changes a number in every 20th
/// record (so every 64 KiB block changes) and a small file that stays, pushed with the CLI.
/// </summary>
public sealed record DeltaVersions(string V1, Manifest Manifest1, string V2, Manifest Manifest2)
{
    /// <summary>The distinct blocks of v2 that v1 does not have: what a holder of v1 asks for.</summary>
    public IReadOnlyList<string> NewBlocks =>
        Manifest2.Blocks.Select(b => b.Signature).Except(Manifest1.Blocks.Select(b => b.Signature), StringComparer.Ordinal).ToList();

    public static byte[] Records(int version)
    {
        var random = new Random(17);
        var text = new StringBuilder();
        for (var i = 0; text.Length < 3 * 1024 * 1024; i++)
        {
            var score = random.Next(1_000_000) + (version > 1 && i % 20 == 0 ? 1 : 0);
            text.Append($"{{\"id\":{i},\"user\":\"{Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))}\",\"score\":{score},\"city\":\"{Cities[random.Next(Cities.Length)]}\",\"ok\":{(random.Next(2) == 0 ? "true" : "false")}}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// About 3 MiB of JSON lines for a chain of versions: each version changes the number in every 20th record (so every
    /// 64 KiB block changes), each by a different amount, so no two versions are equal.
    /// </summary>
    public static byte[] Chained(int version)
    {
        var random = new Random(23);
        var text = new StringBuilder();
        for (var i = 0; text.Length < 3 * 1024 * 1024; i++)
        {
            var score = random.Next(1_000_000) + (i % 20 == 0 ? version : 0);
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\":{i},\"user\":\"{Convert.ToHexStringLower(BitConverter.GetBytes(random.NextInt64()))}\",\"score\":{score},\"ok\":{(random.Next(2) == 0 ? "true" : "false")}}}\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Pushes v1 and v2 of <paramref name="name"/> from <paramref name="work"/> through the CLI.</summary>
    public static async Task<DeltaVersions> PushAsync(IReadOnlyDictionary<string, string> environment, Uri hub, string name, string work, System.Net.Http.Headers.AuthenticationHeaderValue? auth = null)
    {
        var source = Path.Join(work, name.Replace('/', '-'));
        TreeBuilder.WriteFile(source, "README.md", "# records\n"u8.ToArray());
        var digests = new List<(string, Manifest)>();
        foreach (var version in new[] { 1, 2 })
        {
            TreeBuilder.WriteFile(source, "data/records.jsonl", Records(version));
            (await Infrastructure.Cli.RunAsync(environment, "push", "-t", $"{name}:v{version}", source)).AssertSuccess();
            digests.Add(await ManifestAsync(hub, name, $"v{version}", auth));
        }

        return new DeltaVersions(digests[0].Item1, digests[0].Item2, digests[1].Item1, digests[1].Item2);
    }

    public static async Task<(string Digest, Manifest Manifest)> ManifestAsync(Uri hub, string name, string tag, System.Net.Http.Headers.AuthenticationHeaderValue? auth = null)
    {
        using var http = new HttpClient { BaseAddress = hub };
        http.DefaultRequestHeaders.Authorization = auth;
        using var record = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/v1/datasets/{name}/-/tags/{tag}", UriKind.Relative)));
        var digest = record.RootElement.GetProperty("digest").GetString()!;
        var manifest = ManifestSerializer.Parse(await http.GetByteArrayAsync(new Uri($"/api/v1/manifests/{digest}", UriKind.Relative)));
        return (digest, manifest);
    }

    private static readonly string[] Cities = ["Berlin", "Lagos", "Lima", "Osaka", "Perth", "Quito", "Oslo", "Pune"];
}
