using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Datasets;

namespace AetherFS.Storage.Tests.Datasets;

/// <summary>A manifest uploaded as a delta against another is stored as one when that one is stored full: one deep.</summary>
public sealed class ManifestStoredDeltaTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly DatasetStore _store;

    public ManifestStoredDeltaTests() => _store = new DatasetStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false }));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AManifestAgainstAFullOne_IsStoredAsADelta_AndReadsInFullEverywhere()
    {
        var (v1, v1Digest) = Manifest(1);
        var (v2, v2Digest) = Manifest(2);
        await _store.PutManifestAsync(v1Digest, v1, CancellationToken.None);

        await _store.PutManifestAsync(v2Digest, v2, CancellationToken.None, baseDigest: v1Digest);

        var stored = Stored(v2Digest);
        Assert.True(ManifestDelta.IsDelta(stored));
        Assert.True(stored.Length * 4 < Stored(v1Digest).Length, $"{stored.Length} B stored as a delta, {Stored(v1Digest).Length} B in full");
        Assert.Equal(v2, await _store.GetManifestAsync(v2Digest, CancellationToken.None));
        var (canonical, baseDigest) = await _store.GetManifestWithBaseAsync(v2Digest, CancellationToken.None);
        Assert.Equal(v2, canonical);
        Assert.Equal(v1Digest, baseDigest);
        var payload = await _store.GetManifestPayloadAsync(v2Digest, CancellationToken.None);
        Assert.False(ManifestDelta.IsDelta(payload));
        using var decoded = BlockPayload.Decode(payload, Digest.HexPart(v2Digest), maxRawLength: 1 << 20);
        Assert.Equal(v2, decoded.Memory.ToArray());
    }

    [Fact]
    public async Task AManifestAgainstADelta_OrAMissingOne_IsStoredFull()
    {
        var (v1, v1Digest) = Manifest(1);
        var (v2, v2Digest) = Manifest(2);
        var (v3, v3Digest) = Manifest(3);
        await _store.PutManifestAsync(v1Digest, v1, CancellationToken.None);
        await _store.PutManifestAsync(v2Digest, v2, CancellationToken.None, baseDigest: v1Digest);

        await _store.PutManifestAsync(v3Digest, v3, CancellationToken.None, baseDigest: v2Digest);
        var (v4, v4Digest) = Manifest(4);
        await _store.PutManifestAsync(v4Digest, v4, CancellationToken.None, baseDigest: Digest.Compute("absent"u8));

        Assert.False(ManifestDelta.IsDelta(Stored(v3Digest)));
        Assert.False(ManifestDelta.IsDelta(Stored(v4Digest)));
        Assert.Equal(v3, await _store.GetManifestAsync(v3Digest, CancellationToken.None));
    }

    [Fact]
    public async Task AManifestWhoseBaseIsGone_DoesNotRead()
    {
        var (v1, v1Digest) = Manifest(1);
        var (v2, v2Digest) = Manifest(2);
        await _store.PutManifestAsync(v1Digest, v1, CancellationToken.None);
        await _store.PutManifestAsync(v2Digest, v2, CancellationToken.None, baseDigest: v1Digest);
        File.Delete(Path.Join(_temp.Path, DatasetStore.ManifestKey(v1Digest)));

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => _store.GetManifestAsync(v2Digest, CancellationToken.None));

        Assert.Contains(v1Digest, e.Message, StringComparison.Ordinal);
    }

    private byte[] Stored(string digest) => File.ReadAllBytes(Path.Join(_temp.Path, DatasetStore.ManifestKey(digest)));

    // Canonical-looking JSON naming 200 blocks, of which each version changes three.
    private static (byte[] Bytes, string Digest) Manifest(int version)
    {
        var json = new StringBuilder("{\"blocks\":[");
        for (var i = 0; i < 200; i++)
        {
            var signature = BlockSignature.Compute(BitConverter.GetBytes(i % 67 == 0 ? (version * 1000) + i : i));
            json.Append(i == 0 ? string.Empty : ",").Append("{\"signature\":\"").Append(signature).Append("\",\"size\":65536}");
        }

        var bytes = Encoding.UTF8.GetBytes(json.Append("]}").ToString());
        return (bytes, Digest.Compute(bytes));
    }
}
