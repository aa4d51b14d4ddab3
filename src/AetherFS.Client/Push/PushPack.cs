using AetherFS.Core.Packs;

namespace AetherFS.Client.Push;

/// <summary>A pack ready to upload, with how many of its blocks are deltas and their payload bytes.</summary>
internal sealed record PushPack(BuiltPack Pack, int DeltaBlocks, long DeltaBytes) : IDisposable
{
    public void Dispose() => Pack.Dispose();
}
