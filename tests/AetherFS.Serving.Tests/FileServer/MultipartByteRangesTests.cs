using System.Text;
using AetherFS.Serving.FileServer;
using Microsoft.AspNetCore.WebUtilities;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class MultipartByteRangesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] File = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Write_ProducesExactlyTheAnnouncedLengthAndParsesBackToEachRange()
    {
        ByteRange[] ranges = [new(0, 10), new(500, 100), new(990, 10)];
        var multipart = new MultipartByteRanges(ranges, "text/csv", File.Length);
        using var body = new MemoryStream();

        await multipart.WriteAsync(body, CopyAsync, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(multipart.Length, body.Length);
        Assert.Equal($"multipart/byteranges; boundary={multipart.Boundary}", multipart.ContentType);
        body.Position = 0;
        var reader = new MultipartReader(multipart.Boundary, body);
        foreach (var range in ranges)
        {
            var section = await reader.ReadNextSectionAsync().WaitAsync(Timeout);
            Assert.NotNull(section);
            Assert.Equal("text/csv", section.ContentType);
            Assert.Equal(range.ContentRange(File.Length), section.Headers!["Content-Range"].ToString());
            using var data = new MemoryStream();
            await section.Body.CopyToAsync(data).WaitAsync(Timeout);
            Assert.Equal(File.AsSpan((int)range.Start, (int)range.Length).ToArray(), data.ToArray());
        }

        Assert.Null(await reader.ReadNextSectionAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Write_FramesPartsWithCrlfAndEndsWithTheClosingDelimiter()
    {
        var multipart = new MultipartByteRanges([new(0, 2), new(4, 2)], "text/plain", 6, boundary: "XYZ");
        using var body = new MemoryStream();

        await multipart.WriteAsync(body, (r, output, ct) => output.WriteAsync("abcdef"u8.ToArray().AsMemory((int)r.Start, (int)r.Length), ct).AsTask(), CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(
            "--XYZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-1/6\r\n\r\nab" +
            "\r\n--XYZ\r\nContent-Type: text/plain\r\nContent-Range: bytes 4-5/6\r\n\r\nef" +
            "\r\n--XYZ--\r\n",
            Encoding.ASCII.GetString(body.ToArray()));
        Assert.Equal(body.Length, multipart.Length);
    }

    [Fact]
    public async Task Write_FirstPartFailingBeforeItsData_WritesNothing()
    {
        var multipart = new MultipartByteRanges([new(0, 10), new(20, 10)], "text/plain", File.Length);
        using var body = new MemoryStream();

        await Assert.ThrowsAsync<InvalidDataException>(() => multipart.WriteAsync(body, (_, _, _) => throw new InvalidDataException("corrupt"), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(0, body.Length);
    }

    private static Task CopyAsync(ByteRange range, Stream output, CancellationToken cancellationToken) =>
        output.WriteAsync(File.AsMemory((int)range.Start, (int)range.Length), cancellationToken).AsTask();
}
