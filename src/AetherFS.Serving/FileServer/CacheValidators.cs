using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;
using Microsoft.Net.Http.Headers;

namespace AetherFS.Serving.FileServer;

/// <summary>The ETag and Last-Modified of what <c>/fs</c> serves; versions are immutable, so both are exact.</summary>
internal static class CacheValidators
{
    /// <summary>
    /// A strong ETag for a file's bytes: its SHA-256 when the manifest records one (the same content has the
    /// same tag in every version), else a hash of the manifest digest and the path (unique to these bytes).
    /// </summary>
    public static EntityTagHeaderValue ForFile(ManifestIndex version, ManifestEntry file) =>
        new($"\"{file.Sha256 ?? Hash(version.Digest, file.Path)}\"");

    /// <summary>A weak ETag for a listing: equivalent, not byte-identical, as the hub may compress it.</summary>
    public static EntityTagHeaderValue ForListing(ManifestIndex version, string directory, string format) =>
        new($"\"{Hash(version.Digest, directory, format)}\"", isWeak: true);

    /// <summary>The entry's mtime at the second precision of HTTP dates, so comparisons with them are exact.</summary>
    public static DateTimeOffset LastModified(ManifestEntry entry)
    {
        var utc = DateTime.SpecifyKind(entry.ModifiedAt, DateTimeKind.Utc);
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private static string Hash(params string[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\0', parts))))[..32];
}
