using System.Security.Cryptography;
using System.Text;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// A <c>multipart/byteranges</c> body (RFC 9110 §14.6): each part a boundary, Content-Type and Content-Range,
/// then the bytes. Its length is known before a byte is written, so Content-Length is exact for GET and HEAD.
/// </summary>
internal sealed class MultipartByteRanges
{
    private readonly byte[][] _partHeaders;
    private readonly byte[] _closing;
    private readonly IReadOnlyList<ByteRange> _ranges;

    public MultipartByteRanges(IReadOnlyList<ByteRange> ranges, string contentType, long size, string? boundary = null)
    {
        // Random, so no file's bytes can contain it by design; 32 hex characters, well under the 70 allowed.
        Boundary = boundary ?? RandomNumberGenerator.GetHexString(32, lowercase: true);
        _ranges = ranges;
        _partHeaders = ranges
            .Select((r, i) => Encoding.ASCII.GetBytes($"{(i == 0 ? "" : "\r\n")}--{Boundary}\r\nContent-Type: {contentType}\r\nContent-Range: {r.ContentRange(size)}\r\n\r\n"))
            .ToArray();
        _closing = Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n");
        Length = _partHeaders.Sum(h => (long)h.Length) + ranges.Sum(r => r.Length) + _closing.Length;
    }

    public string Boundary { get; }

    public string ContentType => $"multipart/byteranges; boundary={Boundary}";

    /// <summary>The body's exact length in bytes.</summary>
    public long Length { get; }

    /// <summary>Writes the body, asking <paramref name="copyRange"/> for each part's bytes.</summary>
    public async Task WriteAsync(Stream output, Func<ByteRange, Stream, CancellationToken, Task> copyRange, CancellationToken cancellationToken)
    {
        await using var body = new PendingPrefixStream(output);
        for (var i = 0; i < _ranges.Count; i++)
        {
            body.Append(_partHeaders[i]);
            await copyRange(_ranges[i], body, cancellationToken);
        }

        body.Append(_closing);
        await body.WritePendingAsync(cancellationToken);
    }
}
