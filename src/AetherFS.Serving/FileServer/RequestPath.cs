using System.Buffers;
using System.Text;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// The path of a <c>/fs</c> request below <c>/fs/</c>: percent-decoded exactly once, split at '/', and refused
/// when any segment could reach outside a dataset or be read two ways ('.', '..', empty, NUL, backslash).
/// </summary>
/// <param name="Segments">The decoded segments after <c>/fs/</c>, none of them empty.</param>
/// <param name="TrailingSlash">True when the path ends in '/' (a directory URL).</param>
internal sealed record RequestPath(IReadOnlyList<string> Segments, bool TrailingSlash)
{
    public const string Root = "/fs";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Parses a request target as the client sent it (Kestrel's raw target, before it decodes the path and
    /// removes dot segments, so that '..' is seen and refused rather than silently resolved).
    /// </summary>
    /// <returns>The path, or null and a sentence saying why it is refused.</returns>
    public static (RequestPath? Path, string? Error) Parse(string target)
    {
        var end = target.AsSpan().IndexOfAny('?', '#');
        var raw = end < 0 ? target : target[..end];
        if (!raw.StartsWith('/'))
        {
            // Absolute form (GET http://host/fs/... HTTP/1.1): the path starts at the first '/' after the authority.
            var authority = raw.IndexOf("://", StringComparison.Ordinal);
            var slash = authority < 0 ? -1 : raw.IndexOf('/', authority + 3);
            if (slash < 0)
            {
                return (null, "the request target is not a path");
            }

            raw = raw[slash..];
        }

        // Decoding once, %2F included, means "a%2F..%2Fb" is seen as the '..' segment it would become in any
        // later decoding, and refused; "%252e" stays the literal name "%2e".
        if (Decode(raw) is not { } decoded)
        {
            return (null, "the path holds malformed percent-encoding or bytes that are not UTF-8");
        }

        var parts = decoded.Split('/');
        if (parts.Length < 2 || !parts[1].Equals(Root[1..], StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"the path is not under {Root}/");
        }

        var segments = new List<string>(parts.Length);
        var trailingSlash = false;
        for (var i = 2; i < parts.Length; i++)
        {
            var segment = parts[i];
            if (segment.Length == 0 && i == parts.Length - 1)
            {
                trailingSlash = true;
                continue;
            }

            if (Refuse(segment) is { } reason)
            {
                return (null, reason);
            }

            segments.Add(segment);
        }

        return (new RequestPath(segments, trailingSlash), null);
    }

    private static string? Refuse(string segment) => segment switch
    {
        "" => "the path holds an empty segment ('//')",
        "." or ".." => "the path holds a '.' or '..' segment",
        _ when segment.Contains('\0', StringComparison.Ordinal) => "the path holds a NUL character",
        _ when segment.Contains('\\', StringComparison.Ordinal) => "the path holds a backslash",
        _ => null,
    };

    private static string? Decode(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var bytes = new ArrayBufferWriter<byte>(raw.Length);
        try
        {
            var i = 0;
            while (i < raw.Length)
            {
                if (raw[i] == '%')
                {
                    if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                    {
                        return null;
                    }

                    bytes.GetSpan(1)[0] = (byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2]));
                    bytes.Advance(1);
                    i += 3;
                    continue;
                }

                var next = raw.IndexOf('%', i);
                var run = raw.AsSpan(i, (next < 0 ? raw.Length : next) - i);
                bytes.Advance(StrictUtf8.GetBytes(run, bytes.GetSpan(StrictUtf8.GetMaxByteCount(run.Length))));
                i += run.Length;
            }

            return StrictUtf8.GetString(bytes.WrittenSpan);
        }
        catch (ArgumentException)
        {
            // Invalid UTF-8 after decoding, or a lone surrogate before it.
            return null;
        }
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
