using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Http;

/// <summary>Reads a request body of bounded size into a pooled buffer.</summary>
internal static class RequestBody
{
    private const int ReadSize = 64 * 1024;

    /// <summary>The body, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <remarks>
    /// Content-Length sizes the buffer (blocks are powers of two, so are pool buckets) but does not end the read:
    /// a Content-Encoding the hub decompresses makes the body longer than the header says. The limit applies to
    /// the decompressed bytes, so a small compressed body cannot inflate past it.
    /// </remarks>
    public static async Task<PartBuffer?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes && request.Headers.ContentEncoding.Count == 0)
        {
            return null;
        }

        var body = new PartBuffer(maxBytes, request.ContentLength);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(ReadSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ReadSize), cancellationToken)) > 0)
            {
                if (!body.TryAppend(chunk.AsSpan(0, read)))
                {
                    body.Dispose();
                    return null;
                }
            }

            return body;
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
