using AetherFS.Storage.Blobs;
using AetherFS.Storage.Packs;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>A pack a collection may rewrite or delete: its object, what it holds, and whether any segment lists it.</summary>
internal sealed record PackCandidate(BlobInfo Blob, SegmentPack Pack, bool Orphan)
{
    public long PayloadBytes => Pack.Chunks.Sum(c => (long)c.PayloadLength);
}
