using System.Net.Http.Json;
using AetherFS.IntegrationTests.Infrastructure;
using AetherFS.Protocol.Rest;
using Xunit.Abstractions;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// Transfer deltas: a caller that names the version it holds (<c>have</c>) and the one its blocks belong to
/// (<c>version</c>) gets new blocks as deltas against its blocks where shorter; anyone else gets full payloads.
/// </summary>
public sealed class TransferDeltaTests : IClassFixture<HubFixture>, IDisposable
{
    private readonly HubHost _hub;
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _temp = new();

    public TransferDeltaTests(HubFixture fixture, ITestOutputHelper output)
    {
        _hub = fixture.Hub;
        _output = output;
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AFetchNamingTheHeldVersion_GetsDeltasThatDecodeAgainstItsBlocks_ForAFractionOfTheBytes()
    {
        var versions = await DeltaVersions.PushAsync(_hub.Environment(), _hub.Url, "records", _temp.Path);
        var asked = versions.NewBlocks;
        Assert.True(asked.Count >= 30, $"only {asked.Count} blocks changed");

        var full = await BlockFetch.RecordsAsync(_hub.Url, asked);
        var sent = await BlockFetch.RecordsAsync(_hub.Url, asked, have: versions.V1, version: versions.V2);
        var (deltas, deltaBytes, bytes) = await BlockFetch.CheckAsync(_hub.Url, sent, versions.Manifest1.Blocks);
        var fullBytes = full.Values.Sum(p => (long)p.Length);
        _output.WriteLine($"{asked.Count} blocks: {fullBytes} B full, {bytes} B with have ({deltas} deltas, {deltaBytes} B)");

        Assert.Equal(asked.Count, deltas);
        Assert.True(bytes * 40 < fullBytes, $"{bytes} B with have against {fullBytes} B full");
        foreach (var (signature, payload) in sent)
        {
            Assert.True(payload.Length < full[signature].Length);
        }

        // Asked again (the encoded deltas are cached), the answer is the same.
        var again = await BlockFetch.RecordsAsync(_hub.Url, asked, have: versions.V1, version: versions.V2);
        Assert.All(again, r => Assert.Equal(sent[r.Key], r.Value));
    }

    [Fact]
    public async Task TheTransferReportAndDiff_CountWhatAFetchNamingTheHeldVersionSends()
    {
        var versions = await DeltaVersions.PushAsync(_hub.Environment(), _hub.Url, "reported", _temp.Path);
        using var http = new HttpClient { BaseAddress = _hub.Url };
        var report = (await http.GetFromJsonAsync(new Uri(ApiPaths.Transfer(versions.V2, versions.V1), UriKind.Relative), ProtocolJsonContext.Default.TransferReport))!;
        var sent = await BlockFetch.RecordsAsync(_hub.Url, versions.NewBlocks, have: versions.V1, version: versions.V2);
        var (deltas, deltaBytes, bytes) = await BlockFetch.CheckAsync(_hub.Url, sent, versions.Manifest1.Blocks);
        _output.WriteLine($"report: {report.NewBlocks} new blocks, {report.NewSentBytes} B full, {report.DeltaBlocks} deltas of {report.DeltaSentBytes} B, {report.TransferSentBytes} B to a holder");

        Assert.Equal(bytes, report.TransferSentBytes);
        Assert.Equal(deltas, report.DeltaBlocks);
        Assert.Equal(deltaBytes, report.DeltaSentBytes);
        Assert.Equal((await BlockFetch.RecordsAsync(_hub.Url, versions.NewBlocks)).Values.Sum(p => (long)p.Length), report.NewSentBytes);

        // diff adds the manifest, as a delta against v1's: what a pull into v1's DEST downloads.
        Assert.InRange(report.ManifestSentBytes, 1, report.NewSentBytes / 10);
        var json = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "diff", "reported:v1", "v2", "--json")).AssertSuccess().Json();
        Assert.Equal(bytes + report.ManifestSentBytes, json.GetProperty("transferBytes").GetInt64());
        Assert.Equal(deltas, json.GetProperty("blocks").GetProperty("deltaBlocks").GetInt32());
        Assert.Equal(deltaBytes, json.GetProperty("blocks").GetProperty("deltaSentBytes").GetInt64());
        var text = (await Infrastructure.Cli.RunAsync(_hub.Environment(), "diff", "reported:v1", "v2")).AssertSuccess().StandardOutput;
        Assert.Contains($"{deltas} of them as deltas against reported:v1", text, StringComparison.Ordinal);
        Assert.Contains($"({bytes + report.ManifestSentBytes} bytes)", text, StringComparison.Ordinal);

        // The web UI's compare page tells the same.
        var page = await http.GetStringAsync(new Uri("/ui/datasets/reported/-/compare?from=v1&to=v2", UriKind.Relative));
        Assert.Contains($"({deltas} blocks as deltas)", page, StringComparison.Ordinal);

        // From nothing, there is nothing to delta against: the transfer is every block in full.
        var fresh = (await http.GetFromJsonAsync(new Uri(ApiPaths.Transfer(versions.V2, null), UriKind.Relative), ProtocolJsonContext.Default.TransferReport))!;
        Assert.Equal(0, fresh.DeltaBlocks);
        Assert.Equal(fresh.NewSentBytes, fresh.TransferSentBytes);
    }

    [Fact]
    public async Task WithoutBothVersions_OrWithAnUnknownHave_OrForBlocksNotOfTheVersion_TheFetchSendsFullPayloads()
    {
        var versions = await DeltaVersions.PushAsync(_hub.Environment(), _hub.Url, "plain", _temp.Path);
        var other = _temp.Combine("other");
        TreeBuilder.WriteFile(other, "x.bin", TreeBuilder.RandomBytes(10_000, 3));
        (await Infrastructure.Cli.RunAsync(_hub.Environment(), "push", "-t", "plain-other:v1", other)).AssertSuccess();
        var (otherDigest, _) = await DeltaVersions.ManifestAsync(_hub.Url, "plain-other", "v1");
        var asked = versions.NewBlocks;
        var full = await BlockFetch.RecordsAsync(_hub.Url, asked);
        var unknown = "sha256:" + new string('0', 64);

        foreach (var (have, version) in new (string?, string?)[]
        {
            (versions.V1, null),
            (null, versions.V2),
            (unknown, versions.V2),
            ("not a digest", versions.V2),
            (versions.V1, otherDigest),
            (versions.V1, unknown),
            (versions.V2, versions.V2),
        })
        {
            var sent = await BlockFetch.RecordsAsync(_hub.Url, asked, have, version);
            Assert.All(sent, r => Assert.Equal(full[r.Key], r.Value));
        }
    }
}
