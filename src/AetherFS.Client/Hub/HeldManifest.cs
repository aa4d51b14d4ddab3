using AetherFS.Core.References;

namespace AetherFS.Client.Hub;

/// <summary>
/// A manifest this client holds (its digest and canonical bytes), named to the hub so it may send another manifest
/// as a delta against it, or sent against on upload.
/// </summary>
public sealed record HeldManifest(string Digest, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>The manifest when <paramref name="bytes"/> hash to <paramref name="digest"/>; else null (nothing held worth naming).</summary>
    public static HeldManifest? Verified(string? digest, ReadOnlyMemory<byte> bytes) =>
        digest is not null && !bytes.IsEmpty && Core.References.Digest.Compute(bytes.Span) == digest ? new HeldManifest(digest, bytes) : null;
}
