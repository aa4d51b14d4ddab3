using System.Diagnostics;
using System.Text.RegularExpressions;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>curl as a real peer: multi-range requests, resumed downloads and traversal as it sends them.</summary>
[Collection(FileServerCollection.Name)]
public sealed class CurlTests : IDisposable
{
    private const string Curl = "/usr/bin/curl";
    private readonly FileServerFixture _fs;
    private readonly TempDirectory _temp = new();

    public CurlTests(FileServerFixture fixture) => _fs = fixture;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Curl_ResumesAnInterruptedDownload()
    {
        if (!File.Exists(Curl))
        {
            return; // curl is optional on build machines; HttpClient covers the same semantics.
        }

        var big = _fs.Local("big.bin");
        var output = _temp.Combine("big.bin");
        await File.WriteAllBytesAsync(output, big[..300_000]).WaitAsync(FileServerFixture.Timeout);

        var (exitCode, _, error) = await RunAsync("-sS", "--fail", "-C", "-", "-o", output, Url("/fs/fs-files/v1/big.bin"));

        Assert.True(exitCode == 0, error);
        Assert.Equal(big, await File.ReadAllBytesAsync(output).WaitAsync(FileServerFixture.Timeout));
    }

    [Fact]
    public async Task Curl_MultipleRanges_ReceivesEachPart()
    {
        if (!File.Exists(Curl))
        {
            return;
        }

        var headers = _temp.Combine("headers.txt");
        var body = _temp.Combine("body.bin");

        var (exitCode, _, error) = await RunAsync("-sS", "--fail", "-r", "0-9,20-29", "-D", headers, "-o", body, Url("/fs/fs-files/v1/data/table.csv"));

        Assert.True(exitCode == 0, error);
        var headerText = await File.ReadAllTextAsync(headers).WaitAsync(FileServerFixture.Timeout);
        Assert.StartsWith("HTTP/1.1 206", headerText, StringComparison.Ordinal);
        var boundary = Regex.Match(headerText, "multipart/byteranges; boundary=([0-9a-z]+)").Groups[1].Value;
        var local = _fs.Local("data/table.csv");
        await using var stream = File.OpenRead(body);
        var reader = new MultipartReader(boundary, stream);
        foreach (var (first, last) in new[] { (0, 9), (20, 29) })
        {
            var section = await reader.ReadNextSectionAsync().WaitAsync(FileServerFixture.Timeout);
            Assert.NotNull(section);
            Assert.Equal($"bytes {first}-{last}/{local.Length}", section.Headers!["Content-Range"].ToString());
            using var data = new MemoryStream();
            await section.Body.CopyToAsync(data).WaitAsync(FileServerFixture.Timeout);
            Assert.Equal(local[first..(last + 1)], data.ToArray());
        }

        Assert.Null(await reader.ReadNextSectionAsync().WaitAsync(FileServerFixture.Timeout));
    }

    [Fact]
    public async Task Curl_PathAsIsWithTraversal_IsABadRequest()
    {
        if (!File.Exists(Curl))
        {
            return;
        }

        var (_, status, _) = await RunAsync("-s", "--path-as-is", "-o", "/dev/null", "-w", "%{http_code}", Url("/fs/fs-files/v1/../../etc/passwd"));

        Assert.Equal("400", status);
    }

    private string Url(string path) => new Uri(_fs.Hub.Url, path).GetLeftPart(UriPartial.Authority) + path;

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Curl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(FileServerFixture.Timeout);
        return (process.ExitCode, await output.WaitAsync(FileServerFixture.Timeout), await error.WaitAsync(FileServerFixture.Timeout));
    }
}
