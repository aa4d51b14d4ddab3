using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;

namespace AetherFS.Storage.Tests.Blocks;

public sealed class BlockStorePayloadTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly BlockStore _store;

    public BlockStorePayloadTests() => _store = new BlockStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path }));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task CompressedPayload_IsStoredAsSentAndDecodesToTheRawBytes()
    {
        var raw = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text ", 4000)));
        var signature = BlockSignature.Compute(raw);
        using var payload = BlockPayload.Encode(raw, level: 3);

        Assert.True(await _store.PutAsync(signature, payload.Memory, CancellationToken.None));

        var (key, offset, length) = (await _store.LocationOfAsync(signature, CancellationToken.None))!.Value;
        var onDisk = (await File.ReadAllBytesAsync(Path.Join(_temp.Path, key))).AsSpan((int)offset, length).ToArray();
        Assert.Equal(payload.Span.ToArray(), onDisk);
        Assert.True(onDisk.Length < raw.Length / 10);
        using var block = await _store.ReadAsync(signature, CancellationToken.None);
        Assert.Equal(raw, block!.Memory.ToArray());
        Assert.Equal(raw.Length, await _store.SizeAsync(signature, CancellationToken.None));
        using var read = await _store.ReadPayloadAsync(signature, CancellationToken.None);
        Assert.Equal(onDisk, read!.Span.ToArray());
    }

    [Fact]
    public async Task Payload_ThatDecodesToOtherBytes_IsRefusedAndNotStored()
    {
        using var payload = BlockPayload.Encode("the bytes actually sent"u8, level: 3);
        var claimed = BlockSignature.Compute("what the signature names"u8);

        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.PutAsync(claimed, payload.Memory, CancellationToken.None));

        Assert.Null(await _store.SizeAsync(claimed, CancellationToken.None));
    }

    [Fact]
    public async Task CompressedBlock_CorruptedOnDisk_IsDetectedOnEveryRead()
    {
        var raw = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("abcdefgh", 10_000)));
        var signature = BlockSignature.Compute(raw);
        using (var payload = BlockPayload.Encode(raw, level: 3))
        {
            await _store.PutAsync(signature, payload.Memory, CancellationToken.None);
        }

        var (key, offset, length) = (await _store.LocationOfAsync(signature, CancellationToken.None))!.Value;
        var path = Path.Join(_temp.Path, key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[offset + length - 3] ^= 0x40;
        await File.WriteAllBytesAsync(path, bytes);

        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadAsync(signature, CancellationToken.None));
        await Assert.ThrowsAsync<DigestMismatchException>(() => _store.ReadPayloadAsync(signature, CancellationToken.None));
    }
}
