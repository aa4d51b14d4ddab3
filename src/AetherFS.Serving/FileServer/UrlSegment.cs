using System.Globalization;
using System.Text;

namespace AetherFS.Serving.FileServer;

/// <summary>Percent-encodes one path segment for a URL, so any file name links back to itself.</summary>
public static class UrlSegment
{
    /// <summary>
    /// Keeps RFC 3986 unreserved characters and the ':' and '@' of references, and encodes the rest as UTF-8, so
    /// '/', '%', '?', '#', spaces and non-ASCII names survive a round trip through <see cref="RequestPath"/>.
    /// </summary>
    public static string Escape(string segment)
    {
        var builder = new StringBuilder(segment.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or ':' or '@')
            {
                builder.Append(c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < segment.Length
                ? Encoding.UTF8.GetBytes(segment.AsSpan(i++, 2), utf8)
                : Encoding.UTF8.GetBytes(segment.AsSpan(i, 1), utf8);
            foreach (var b in utf8[..length])
            {
                builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return builder.ToString();
    }
}
