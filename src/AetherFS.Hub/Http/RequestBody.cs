using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Http;

/// <summary>Reads a request body of bounded size into a pooled buffer.</summary>
internal static class RequestBody
{
    private const int InitialChunkedBuffer = 64 * 1024;

    /// <summary>The body in a rented buffer, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<(byte[] Buffer, int Length)?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } declared)
        {
            return declared > maxBytes ? null : await ReadDeclaredAsync(request.Body, (int)declared, cancellationToken);
        }

        return await ReadChunkedAsync(request.Body, maxBytes, cancellationToken);
    }

    // With Content-Length the buffer is exactly the body's size (blocks are powers of two, so are pool buckets);
    // Kestrel fails the read if the client sends less.
    private static async Task<(byte[] Buffer, int Length)> ReadDeclaredAsync(Stream body, int length, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, length));
        try
        {
            await body.ReadExactlyAsync(buffer.AsMemory(0, length), cancellationToken);
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async Task<(byte[] Buffer, int Length)?> ReadChunkedAsync(Stream body, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialChunkedBuffer);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return null;
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        if (length > maxBytes)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return null;
        }

        return (buffer, length);
    }
}
