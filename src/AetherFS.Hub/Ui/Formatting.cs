using System.Globalization;
using AetherFS.Core.Units;

namespace AetherFS.Hub.Ui;

/// <summary>How the UI writes sizes, times, digests and modes.</summary>
internal static class Formatting
{
    public static string Size(long bytes) => ByteSize.Format(bytes);

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>The first 12 hex digits, as Docker shows image IDs.</summary>
    public static string ShortDigest(string digest) => digest.Length > 19 ? digest[7..19] : digest;

    public static string Mode(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');

    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);
}
