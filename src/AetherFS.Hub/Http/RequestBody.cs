using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Http;

/// <summary>Reads a request body of bounded size into a pooled buffer.</summary>
internal static class RequestBody
{
    private const int InitialUnknownLength = 64 * 1024;

    /// <summary>The body in a rented buffer, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <remarks>
    /// Content-Length sizes the buffer (blocks are powers of two, so are pool buckets) but does not end the read:
    /// a Content-Encoding the hub decompresses makes the body longer than the header says. The limit applies to
    /// the decompressed bytes, so a small compressed body cannot inflate past it.
    /// </remarks>
    public static async Task<(byte[] Buffer, int Length)?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes && request.Headers.ContentEncoding.Count == 0)
        {
            return null;
        }

        var body = request.Body;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(request.ContentLength ?? InitialUnknownLength, 1, maxBytes + 1L));
        var length = 0;
        var probe = new byte[1];
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    // Full: ask for one more byte before paying for a larger buffer.
                    if (await body.ReadAsync(probe, cancellationToken) == 0)
                    {
                        break;
                    }

                    if (length + 1 > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    buffer[length++] = probe[0];
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }
}
