
namespace AetherFS.Storage.Packs;

/// <summary>One index segment as a collection read it: its key, when it was written, and what it says.</summary>
public sealed record InventorySegment(string Key, DateTime Written, IndexSegment Segment);
