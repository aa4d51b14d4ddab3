using AetherFS.Core.Packs;
using AetherFS.Storage.Packs;

namespace AetherFS.Hub.Tests.GarbageCollection;

/// <summary>
/// Garbage collection and copies of blocks quarantined as corrupt: the corrupt copy never counts as the live one, the
/// good copy uploaded since is never taken for a duplicate, and the corrupt copy goes with its pack's rewrite.
/// </summary>
public sealed class QuarantineCollectionTests : IDisposable
{
    private readonly GcHarness _hub = new();

    public void Dispose() => _hub.Dispose();

    [Fact]
    public async Task Collect_DropsTheCorruptCopy_KeepsTheGoodOneUploadedSince_AndTheRestOfItsPack()
    {
        byte[] damaged = GcHarness.Bytes(1, 5000), intact = GcHarness.Bytes(2, 5000);
        await _hub.PushPackedAsync("geo", "v1", damaged, intact);
        var corruptPack = await CorruptAndQuarantineAsync(GcHarness.Signature(damaged));
        // The push that follows finds the block missing and uploads it again, in a pack of its own.
        await _hub.PushPackedAsync("geo", "v2", damaged, intact);

        // Young, both packs stay as they are; the good copy is the one read.
        await _hub.CollectAsync(TimeSpan.FromHours(1));
        Assert.Equal(damaged, await _hub.ReadFreshAsync(GcHarness.Signature(damaged)));

        _hub.AgeEverything(TimeSpan.FromHours(2));
        var report = await _hub.CollectAsync(TimeSpan.FromHours(1));

        Assert.False(File.Exists(_hub.PathOf(PackKeys.Pack(corruptPack))));
        Assert.Equal(damaged, await _hub.ReadFreshAsync(GcHarness.Signature(damaged)));
        Assert.Equal(intact, await _hub.ReadFreshAsync(GcHarness.Signature(intact)));
        Assert.Equal(2, report.Blocks.Referenced);
        var inventory = await PackInventory.ReadAsync(_hub.Local, CancellationToken.None);
        Assert.Empty(inventory.Quarantined);
        var again = await _hub.CollectAsync(TimeSpan.FromHours(1), maxUnused: 0);
        Assert.Equal((0, 0), (again.Packs.Rewritten, again.Packs.Deleted));
    }

    [Fact]
    public async Task Collect_NeverDeletesTheOnlyGoodCopy_WhicheverPackItListsFirst()
    {
        // Many blocks, so that some corrupt copies sort before their good copies' packs and some after.
        var blocks = Enumerable.Range(10, 12).Select(i => GcHarness.Bytes(i, 3000)).ToArray();
        foreach (var block in blocks)
        {
            await _hub.PushPackedAsync("geo", "b" + blocks.ToList().IndexOf(block), block);
        }

        foreach (var block in blocks)
        {
            await CorruptAndQuarantineAsync(GcHarness.Signature(block));
        }

        await _hub.PushPackedAsync("geo", "all", blocks);

        await _hub.CollectAsync(TimeSpan.Zero, maxUnused: 0);

        foreach (var block in blocks)
        {
            Assert.Equal(block, await _hub.ReadFreshAsync(GcHarness.Signature(block)));
        }
    }

    // Flips a bit of the block's stored copy, as disk damage would, and quarantines it as a scrub would; the pack's id.
    private async Task<string> CorruptAndQuarantineAsync(string signature)
    {
        var (key, offset, length) = (await _hub.Blocks.LocationOfAsync(signature, CancellationToken.None))!.Value;
        var path = _hub.PathOf(key);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[offset + length - 3] ^= 0x01;
        var written = File.GetLastWriteTimeUtc(path);
        await File.WriteAllBytesAsync(path, bytes);
        File.SetLastWriteTimeUtc(path, written);
        var pack = PackKeys.PackIdOf(key)!;
        await _hub.Blocks.QuarantineAsync([new QuarantinedChunk(pack, signature)], CancellationToken.None);
        Assert.True(PackFormat.IsValidId(pack));
        return pack;
    }
}
