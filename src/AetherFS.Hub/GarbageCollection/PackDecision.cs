namespace AetherFS.Hub.GarbageCollection;

/// <summary>What a collection does with one pack.</summary>
internal enum PackDecision
{
    Keep,
    Rewrite,
    Delete,
}
