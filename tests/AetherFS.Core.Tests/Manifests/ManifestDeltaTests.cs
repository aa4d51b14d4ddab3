using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ManifestDeltaTests
{
    [Fact]
    public void AManifestAgainstThePreviousVersionsManifest_RoundTrips_AndIsAFractionOfTheFullPayload()
    {
        var (v1, v2) = Versions();
        using var full = BlockPayload.Encode(v2, 9);
        using var delta = ManifestDelta.Encode(v2, Digest.Compute(v1), v1, full.Length);

        Assert.NotNull(delta);
        Assert.True(delta.Length * 10 < full.Length, $"delta {delta.Length} B, full {full.Length} B");
        Assert.True(ManifestDelta.IsDelta(delta.Span));
        Assert.Equal((Digest.Compute(v1), v1.Length), ManifestDelta.BaseOf(delta.Span, Digest.Compute(v2)));
        Assert.Equal(v2, ManifestDelta.Decode(delta.Span, Digest.Compute(v2), Digest.Compute(v1), v1));
    }

    [Fact]
    public void ADeltaDecodedAgainstAnotherManifestThanItNames_IsRefused()
    {
        var (v1, v2) = Versions();
        using var delta = ManifestDelta.Encode(v2, Digest.Compute(v1), v1, v2.Length)!;
        var other = v1.ToArray();
        other[^2] ^= 1;

        var refused = Assert.Throws<DigestMismatchException>(() => ManifestDelta.Decode(delta.Span, Digest.Compute(v2), Digest.Compute(other), other));
        Assert.Contains("not sha256:", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADeltaThatClaimsADigestItsBytesDoNotProduce_IsRefused()
    {
        var (v1, v2) = Versions();
        using var delta = ManifestDelta.Encode(v2, Digest.Compute(v1), v1, v2.Length)!;
        var forged = Digest.Compute("another manifest"u8);

        Assert.Throws<DigestMismatchException>(() => ManifestDelta.Decode(delta.Span, forged, Digest.Compute(v1), v1));
    }

    [Fact]
    public void ADeltaThatInflatesBeyondWhatItDeclares_IsRefused_WithoutWritingPastIt()
    {
        var (v1, _) = Versions();
        var bomb = new byte[BlockDelta.MaxRawBytes];
        using var delta = ManifestDelta.Encode(bomb, Digest.Compute(v1), v1, bomb.Length)!;
        var payload = delta.Span.ToArray();
        payload[8..12].AsSpan().Clear();
        payload[8] = 100; // declares 100 bytes; the frame holds 8 MiB

        Assert.Throws<DigestMismatchException>(() => ManifestDelta.Decode(payload, Digest.Compute(bomb), Digest.Compute(v1), v1));
    }

    [Fact]
    public void NoBaseOrATooLargeManifest_MakesNoDelta()
    {
        var (v1, v2) = Versions();
        Assert.Null(ManifestDelta.Encode(v2, Digest.Compute(v1), [], v2.Length));
        Assert.Null(ManifestDelta.Encode(new byte[BlockDelta.MaxRawBytes + 1], Digest.Compute(v1), v1, int.MaxValue));
    }

    // Two manifests of a few hundred files, the second with three files changed: what consecutive versions look like.
    private static (byte[] V1, byte[] V2) Versions()
    {
        static byte[] Manifest(int version)
        {
            var entries = new List<ManifestEntry>();
            var blocks = new List<BlockRef>();
            for (var i = 0; i < 300; i++)
            {
                var content = Encoding.UTF8.GetBytes($"file {i} of version {(i % 100 == 7 ? version : 1)}");
                blocks.Add(new BlockRef(BlockSignature.Compute(content), content.Length));
                entries.Add(new ManifestEntry($"data/part-{i:D4}.json", EntryType.File, content.Length, 0b110_100_100, new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc)));
            }

            return ManifestSerializer.ToCanonicalBytes(new Manifest(ChunkingParameters.Default, entries, blocks));
        }

        return (Manifest(1), Manifest(2));
    }
}
