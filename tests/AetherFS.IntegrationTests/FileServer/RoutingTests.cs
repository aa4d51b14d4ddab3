using System.Net;
using System.Text.Json;

namespace AetherFS.IntegrationTests.FileServer;

/// <summary>How /fs paths map to datasets, versions and files, and which never map to anything.</summary>
[Collection(FileServerCollection.Name)]
public sealed class RoutingTests
{
    private readonly FileServerFixture _fs;

    public RoutingTests(FileServerFixture fixture) => _fs = fixture;

    [Theory]
    [InlineData("/fs/fs-amb/v1/v2/file.txt", "long")]
    [InlineData("/fs/fs-amb/v1/other/x.txt", "fallback")]
    public async Task Get_AmbiguousPath_ServesTheLongestNameWhoseTagExists(string path, string content)
    {
        // fs-amb:v1 holds v2/file.txt ("short") and fs-amb/v1:v2 holds file.txt ("long"): the longer name wins;
        // fs-amb/v1 has no tag "other", so that path falls back to fs-amb:v1.
        Assert.Equal(content, await _fs.Http.GetStringAsync(new Uri(path, UriKind.Relative)));
    }

    [Theory]
    [InlineData("/fs/fs-files/v1/../../etc/passwd")]
    [InlineData("/fs/fs-files/v1/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/fs/fs-files/v1/data%2f..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/fs/fs-files/v1/current/../../etc/passwd")]
    [InlineData("/fs/fs-files/v1/data/small.txt%00.png")]
    [InlineData("/fs/fs-files/v1/data%5c..%5c..%5cetc%5cpasswd")]
    [InlineData("/fs/fs-files/v1//etc/passwd")]
    [InlineData("/fs/fs-files/v1/data/%zz")]
    public async Task Get_HostilePath_IsABadRequest(string target)
    {
        using var timeout = new CancellationTokenSource(FileServerFixture.Timeout);

        var (status, response) = await RawHttp.GetAsync(_fs.Hub.Url, target, timeout.Token);

        Assert.True(status == 400, $"{target}: {response}");
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/fs/fs-files/v1/data\\..\\..\\etc\\passwd")]
    [InlineData("/fs/fs-files/v1/%252e%252e/%252e%252e/etc/passwd")]
    [InlineData("/fs/../etc/passwd")]
    [InlineData("/fs/fs-files/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/fs/fs-files/v1/current/../../../../etc/passwd")]
    public async Task Get_PathClimbingOutOfFsOrDoubleEncoded_IsRefusedOrNotFound(string target)
    {
        // Kestrel may refuse a raw backslash itself; a double-encoded dot is a literal name, found nowhere; and
        // Kestrel resolves dot segments that climb out of /fs before routing, so those never reach the file server.
        using var timeout = new CancellationTokenSource(FileServerFixture.Timeout);

        var (status, response) = await RawHttp.GetAsync(_fs.Hub.Url, target, timeout.Token);

        Assert.True(status is 400 or 404, $"{target}: {response}");
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/fs/fs-nothing/v1/big.bin")]
    [InlineData("/fs/fs-files/v9/big.bin")]
    [InlineData("/fs/fs-files/v1/missing.bin")]
    [InlineData("/fs/fs-files/v1/big.bin/")]
    [InlineData("/fs/fs-files/v1/big.bin/below")]
    [InlineData("/fs/fs-files@sha256:0000000000000000000000000000000000000000000000000000000000000000/big.bin")]
    [InlineData("/fs/fs-files")]
    [InlineData("/fs/")]
    public async Task Get_UnknownDatasetTagOrFile_Is404Problem(string path)
    {
        using var response = await _fs.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Post_IsNotAllowed()
    {
        using var response = await _fs.Http.PostAsync(new Uri("/fs/fs-files/v1/big.bin", UriKind.Relative), new ByteArrayContent([1]));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
