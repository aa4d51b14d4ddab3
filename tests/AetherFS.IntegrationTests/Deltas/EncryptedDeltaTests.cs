using System.Net.Http.Json;
using System.Security.Cryptography;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>A hub that encrypts at rest encodes deltas from the blocks it opens, and counts them as it sends them.</summary>
public sealed class EncryptedDeltaTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AnEncryptingHub_AnswersDeltasThatDecode_AndItsTransferReportCountsThem()
    {
        var keys = _temp.Combine("keys");
        await File.WriteAllTextAsync(keys, "k1:" + Convert.ToBase64String(SHA256.HashData("delta-key"u8)) + "\n");
        await using var hub = await HubHost.StartAsync(options: ["--encryption-key-file", keys]);
        var versions = await DeltaVersions.PushAsync(hub.Environment(), hub.Url, "sealed-records", _temp.Path);

        var full = await BlockFetch.RecordsAsync(hub.Url, versions.NewBlocks);
        var sent = await BlockFetch.RecordsAsync(hub.Url, versions.NewBlocks, have: versions.V1, version: versions.V2);
        var (deltas, _, bytes) = await BlockFetch.CheckAsync(hub.Url, sent, versions.Manifest1.Blocks);
        Assert.Equal(versions.NewBlocks.Count, deltas);
        Assert.True(bytes * 20 < full.Values.Sum(p => (long)p.Length));

        using var http = new HttpClient { BaseAddress = hub.Url };
        var report = (await http.GetFromJsonAsync(new Uri(ApiPaths.Transfer(versions.V2, versions.V1), UriKind.Relative), ProtocolJsonContext.Default.TransferReport))!;
        Assert.Equal(bytes, report.TransferSentBytes);
        Assert.Equal(deltas, report.DeltaBlocks);
    }
}
