using AetherFS.Storage.Blobs;
using AetherFS.Storage.Blocks;
using AetherFS.Storage.Packs;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>What a hub's local store holds, read from its directory as another hub would, and damage done to it on purpose.</summary>
public static class HubStorage
{
    /// <summary>Every stored block (in a pack a segment lists, or loose) with its stored size.</summary>
    public static Dictionary<string, long> Blocks(string storagePath) =>
        PackInventory.StoredBlocksAsync(Open(storagePath), CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Flips one bit of a stored block's payload, <paramref name="at"/> bytes into it (negative: from its end).</summary>
    public static async Task CorruptBlockAsync(string storagePath, string signature, int at)
    {
        var (key, offset, length) = (await new BlockStore(Open(storagePath)).LocationOfAsync(signature, CancellationToken.None))
            ?? throw new InvalidOperationException($"block {signature} is not stored");
        var path = Path.Join(storagePath, key);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset + (at < 0 ? length + at : at);
        var value = file.ReadByte();
        file.Position--;
        file.WriteByte((byte)(value ^ 0x01));
    }

    /// <summary>Files under the store's root: what a store of one object per block made thousands of.</summary>
    public static int Files(string storagePath) =>
        Directory.Exists(storagePath) ? Directory.EnumerateFiles(storagePath, "*", SearchOption.AllDirectories).Count(f => !f.Contains("/.tmp/", StringComparison.Ordinal)) : 0;

    private static LocalBlobStore Open(string storagePath) => new(new LocalBlobStoreOptions { RootPath = storagePath, Fsync = false });
}
