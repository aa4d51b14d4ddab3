using AetherFS.Core.Manifests;

namespace AetherFS.Serving.FileServer;

/// <summary>One row of a directory listing.</summary>
/// <param name="Name">The entry's own name (the last path segment).</param>
/// <param name="Size">A file's bytes; a directory's bytes under it, recursively; 0 for a symlink.</param>
/// <param name="Target">A symlink's target, as recorded.</param>
internal sealed record ListingEntry(string Name, EntryType Type, long Size, DateTime ModifiedAt, string? Target);
