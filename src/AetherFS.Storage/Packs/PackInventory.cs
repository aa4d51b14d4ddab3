using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Packs;

/// <summary>
/// Every index segment of the store, read at once (by a collection, or a tool that checks the store): which packs
/// are listed, which are tombstoned. Memory: the segments' entries, about what <see cref="ChunkIndex"/> holds.
/// </summary>
public sealed class PackInventory
{
    public List<InventorySegment> Segments { get; } = [];

    /// <summary>Packs listed by a segment and not tombstoned.</summary>
    public Dictionary<string, SegmentPack> Packs { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Tombstones { get; } = new(StringComparer.Ordinal);

    /// <summary>Copies of chunks found corrupt (a scrub or a read quarantined them): never live, never copied.</summary>
    public HashSet<QuarantinedChunk> Quarantined { get; } = [];

    public static async Task<PackInventory> ReadAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        var inventory = new PackInventory();
        await foreach (var blob in blobs.ListAsync(PackKeys.SegmentPrefix, cancellationToken))
        {
            if (!PackKeys.IsSegment(blob.Key))
            {
                continue;
            }

            var bytes = await blobs.ReadAllBytesAsync(blob.Key, cancellationToken);
            if (bytes is null)
            {
                continue;
            }

            IndexSegment segment;
            try
            {
                segment = IndexSegment.Decode(bytes);
            }
            catch (InvalidDataException)
            {
                // Its packs become orphans, which the collection rebuilds from their trailers.
                continue;
            }

            inventory.Segments.Add(new InventorySegment(blob.Key, blob.LastModified, segment));
            inventory.Tombstones.UnionWith(segment.Tombstones);
            inventory.Quarantined.UnionWith(segment.Quarantined);
        }

        foreach (var pack in inventory.Segments.SelectMany(s => s.Segment.Packs))
        {
            if (!inventory.Tombstones.Contains(pack.Id))
            {
                inventory.Packs.TryAdd(pack.Id, pack);
            }
        }

        return inventory;
    }

    /// <summary>
    /// Every block the store holds, with its stored (payload) size: in a pack that a segment lists and that is there
    /// (a quarantined copy does not count), or loose (from before packs).
    /// </summary>
    public static async Task<Dictionary<string, long>> StoredBlocksAsync(IBlobStore blobs, CancellationToken cancellationToken)
    {
        var inventory = await ReadAsync(blobs, cancellationToken);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var blob in blobs.ListAsync(PackKeys.PackPrefix, cancellationToken))
        {
            if (PackKeys.PackIdOf(blob.Key) is { } id)
            {
                present.Add(id);
            }
        }

        var blocks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pack in inventory.Packs.Values.Where(p => present.Contains(p.Id)))
        {
            foreach (var chunk in pack.Chunks.Where(c => !inventory.Quarantined.Contains(new QuarantinedChunk(pack.Id, c.Signature))))
            {
                blocks.TryAdd(chunk.Signature, chunk.PayloadLength);
            }
        }

        await foreach (var blob in blobs.ListAsync(PackKeys.LoosePrefix, cancellationToken))
        {
            var parts = blob.Key.Split('/');
            if (parts.Length == 3 && blob.Size >= Core.Blocks.BlockPayload.HeaderSize)
            {
                blocks.TryAdd(parts[1] + parts[2], blob.Size);
            }
        }

        return blocks;
    }
}
