using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Storage.Tests.Blocks;

/// <summary>Uploaded deltas: decoded against stored bases and kept (as deltas, read in full), or refused with nothing stored.</summary>
public sealed class DeltaIngestTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly BlockStore _store;

    public DeltaIngestTests()
    {
        _store = new BlockStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Combine("store"), Fsync = false }));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task APackWithADelta_IsStoredAsADelta_AndReadInFull()
    {
        var (baseSignature, baseRaw) = await StoredAsync(1);
        var edited = Edited(baseRaw);
        var signature = BlockSignature.Compute(edited);
        using var delta = BlockDelta.Encode(edited, [new DeltaBase(baseSignature, baseRaw.Length)], baseRaw, 3, 1 << 20)!;

        var verified = await PutAsync((signature, delta.Memory.ToArray()));

        Assert.Equal([signature], verified.Chunks.Select(c => c.Signature));
        _store.ForgetVerified();
        using var stored = await _store.ReadPayloadAsync(signature, CancellationToken.None);
        Assert.False(BlockDelta.IsDelta(stored!.Span));
        using var read = await _store.ReadAsync(signature, CancellationToken.None);
        Assert.Equal(edited, read!.Memory.ToArray());
    }

    [Fact]
    public async Task APackWithADeltaAgainstAnAbsentBase_StoresNothingOfThePack()
    {
        var (_, baseRaw) = Block(2);
        var edited = Edited(baseRaw);
        var signature = BlockSignature.Compute(edited);
        using var delta = BlockDelta.Encode(edited, [new DeltaBase(BlockSignature.Compute(baseRaw), baseRaw.Length)], baseRaw, 3, 1 << 20)!;
        var (otherSignature, other) = Block(3);
        using var full = BlockPayload.Encode(other, 3);

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => PutAsync((otherSignature, full.Memory.ToArray()), (signature, delta.Memory.ToArray())));

        Assert.Contains(signature, e.Message, StringComparison.Ordinal);
        Assert.Equal([otherSignature, signature], await _store.FindMissingAsync([otherSignature, signature], CancellationToken.None));
    }

    [Fact]
    public async Task ASingleDeltaPut_IsDecodedAndStored_AndReadInFull()
    {
        var (baseSignature, baseRaw) = await StoredAsync(4);
        var edited = Edited(baseRaw);
        var signature = BlockSignature.Compute(edited);
        using var delta = BlockDelta.Encode(edited, [new DeltaBase(baseSignature, baseRaw.Length)], baseRaw, 3, 1 << 20)!;

        Assert.True(await _store.PutAsync(signature, delta.Memory, CancellationToken.None));

        using var stored = await _store.ReadPayloadAsync(signature, CancellationToken.None);
        Assert.False(BlockDelta.IsDelta(stored!.Span));
    }

    private async Task<(string Signature, byte[] Raw)> StoredAsync(int seed)
    {
        var (signature, raw) = Block(seed);
        using var payload = BlockPayload.Encode(raw, 3);
        await PutAsync((signature, payload.Memory.ToArray()));
        return (signature, raw);
    }

    private Task<VerifiedPack> PutAsync(params (string Signature, byte[] Payload)[] records) =>
        DeltaTestBlocks.PutPackAsync(_store, _temp.Combine("spool"), records);

    private static (string Signature, byte[] Raw) Block(int seed) => DeltaTestBlocks.Block(seed);

    private static byte[] Edited(byte[] raw)
    {
        var edited = raw.ToArray();
        for (var i = 0; i < edited.Length; i += 1024)
        {
            edited[i] = (byte)'#';
        }

        return edited;
    }
}
