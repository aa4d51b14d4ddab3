using System.Globalization;
using AetherFS.Core.Packs;

namespace AetherFS.Storage.Packs;

/// <summary>
/// Keys of packs (<c>packs/{id[0:2]}/{id}</c>) and index segments (<c>index/{yyyyMMdd-HHmmss-fff}-{random}</c>).
/// Segment keys sort by the time their writer stamped them, so a hub learns new ones by listing after the last it
/// saw (less a margin for clock skew and slow writers) rather than listing them all.
/// </summary>
public static class PackKeys
{
    public const string PackPrefix = "packs/";
    public const string SegmentPrefix = "index/";
    public const string LoosePrefix = "blocks/";
    private const string StampFormat = "yyyyMMdd-HHmmss-fff";

    public static string Pack(string id) => $"{PackPrefix}{id[..2]}/{id}";

    /// <summary>The id of a pack key; null for any other key.</summary>
    public static string? PackIdOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length == 3 && parts[0] + "/" == PackPrefix && PackFormat.IsValidId(parts[2]) && parts[1] == parts[2][..2] ? parts[2] : null;
    }

    public static string NewSegment(DateTimeOffset now) =>
        $"{SegmentPrefix}{Stamp(now)}-{Guid.NewGuid():N}";

    /// <summary>A key that sorts before every segment stamped at or after <paramref name="time"/>.</summary>
    public static string SegmentsFrom(DateTimeOffset time) => SegmentPrefix + Stamp(time);

    public static bool IsSegment(string key) => key.StartsWith(SegmentPrefix, StringComparison.Ordinal) && key.Length == SegmentPrefix.Length + StampFormat.Length + 33;

    /// <summary>The key a block had before packs (one object per block), still read and migrated by garbage collection.</summary>
    public static string Loose(string signature) => $"{LoosePrefix}{signature[..2]}/{signature[2..]}";

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture);
}
