using System.Security.Cryptography;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;

namespace AetherFS.Core.Tests.Packs;

public sealed class PackFormatTests : IDisposable
{
    private static readonly string Spool = Path.Join(Path.GetTempPath(), "aetherfs-pack-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Spool))
        {
            Directory.Delete(Spool, recursive: true);
        }
    }

    private static (string Signature, PooledBuffer Payload) Chunk(int seed, int length, int level = 3)
    {
        var raw = new byte[length];
        new Random(seed).NextBytes(raw.AsSpan(0, length / 2)); // half random, half zeros: compressible
        return (BlockSignature.Compute(raw), BlockPayload.Encode(raw, level));
    }

    private static BuiltPack Build(params (string Signature, PooledBuffer Payload)[] chunks)
    {
        using var builder = new PackBuilder(Spool);
        foreach (var (signature, payload) in chunks)
        {
            builder.Add(signature, payload.Span);
        }

        return builder.Build();
    }

    [Fact]
    public async Task Built_ThenVerified_RoundTripsEveryChunk_AndItsName()
    {
        var chunks = Enumerable.Range(0, 20).Select(i => Chunk(i, 1000 + (i * 997))).ToArray();
        using var pack = Build(chunks);
        var copy = new MemoryStream();

        var verified = await PackVerifier.VerifyAsync(new MemoryStream(pack.ReadAllBytes()), copy, PackFormat.MaxPackSize, CancellationToken.None);

        Assert.Equal(pack.Id, verified.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pack.ReadAllBytes())), pack.Id);
        Assert.Equal(pack.Chunks, verified.Chunks);
        Assert.Equal(pack.ReadAllBytes(), copy.ToArray());
        foreach (var ((signature, payload), chunk) in chunks.Zip(pack.Chunks))
        {
            Assert.Equal(signature, chunk.Signature);
            Assert.Equal(payload.Span.ToArray(), pack.ReadAllBytes().AsSpan((int)chunk.Offset, chunk.PayloadLength).ToArray());
            using var block = BlockPayload.Decode(pack.ReadAllBytes().AsSpan((int)chunk.Offset, chunk.PayloadLength), signature, chunk.RawLength);
        }
    }

    [Fact]
    public void TheSameChunks_MakeDifferentPacks_ThanksToTheNonce()
    {
        var chunk = Chunk(1, 5000);
        using var a = Build(chunk);
        using var b = Build(chunk);

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(a.Chunks, b.Chunks);
    }

    [Fact]
    public void AChunkAddedTwice_IsStoredOnce()
    {
        var chunk = Chunk(1, 5000);
        using var pack = Build(chunk, chunk);

        Assert.Single(pack.Chunks);
    }

    [Fact]
    public void Builder_ReportsFull_AtTheTargetSize()
    {
        using var builder = new PackBuilder(Spool, targetSize: 10_000);
        var i = 0;
        while (!builder.IsFull)
        {
            var (signature, payload) = Chunk(i++, 3000, level: 0);
            builder.Add(signature, payload.Span);
        }

        Assert.InRange(builder.Length, 10_000, 13_100);
        Assert.Equal(4, builder.Count);
    }

    [Theory]
    [InlineData(0)] // the header's magic
    [InlineData(20)] // the first record's signature
    [InlineData(-1)] // the last byte of the footer
    public async Task ADamagedPack_IsRefused(int at)
    {
        using var pack = Build(Chunk(1, 3000), Chunk(2, 3000));
        var bytes = pack.ReadAllBytes();
        bytes[at < 0 ? bytes.Length + at : at] ^= 0x01;

        var e = await Record.ExceptionAsync(() => PackVerifier.VerifyAsync(new MemoryStream(bytes), null, PackFormat.MaxPackSize, CancellationToken.None));

        Assert.True(e is InvalidDataException or DigestMismatchException, e?.ToString());
    }

    [Fact]
    public async Task AFlippedByteInsideAChunk_NamesThatChunk()
    {
        var first = Chunk(1, 3000, level: 0);
        var second = Chunk(2, 3000, level: 0);
        using var pack = Build(first, second);
        var bytes = pack.ReadAllBytes();
        bytes[(int)pack.Chunks[1].Offset + 100] ^= 0x01;

        var e = await Assert.ThrowsAsync<DigestMismatchException>(() => PackVerifier.VerifyAsync(new MemoryStream(bytes), null, PackFormat.MaxPackSize, CancellationToken.None));

        Assert.Equal(second.Signature, e.Expected);
    }

    [Fact]
    public async Task ATruncatedPack_OrOneWithBytesAfterIt_IsRefused()
    {
        using var pack = Build(Chunk(1, 3000));
        var bytes = pack.ReadAllBytes();

        await Assert.ThrowsAsync<InvalidDataException>(() => PackVerifier.VerifyAsync(new MemoryStream(bytes[..^1]), null, PackFormat.MaxPackSize, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => PackVerifier.VerifyAsync(new MemoryStream([.. bytes, 0]), null, PackFormat.MaxPackSize, CancellationToken.None));
    }

    [Fact]
    public async Task APackOverTheLimit_IsRefusedBeforeItIsRead()
    {
        using var pack = Build(Chunk(1, 3000), Chunk(2, 3000));

        await Assert.ThrowsAsync<InvalidDataException>(() => PackVerifier.VerifyAsync(new MemoryStream(pack.ReadAllBytes()), null, maxSize: 1000, CancellationToken.None));
    }

    [Fact]
    public async Task AHostileHeader_CannotAskForHugeRecords()
    {
        var header = new byte[PackFormat.HeaderSize + PackFormat.RecordHeaderSize];
        PackFormat.WriteHeader(header, 1);
        PackFormat.WriteRecordHeader(header.AsSpan(PackFormat.HeaderSize), default, int.MaxValue);

        await Assert.ThrowsAsync<InvalidDataException>(() => PackVerifier.VerifyAsync(new MemoryStream(header), null, PackFormat.MaxPackSize, CancellationToken.None));
    }
}
