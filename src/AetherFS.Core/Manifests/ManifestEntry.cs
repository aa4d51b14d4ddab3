namespace AetherFS.Core.Manifests;

/// <summary>One path in a dataset. Files carry bytes; directories and symlinks carry only metadata.</summary>
/// <param name="Path">Relative path with '/' separators, never '..', '.', empty segments or a leading '/'.</param>
/// <param name="Mode">Unix permission bits (0 to 0o7777).</param>
/// <param name="ModifiedAt">Modification time, UTC, to 100 ns.</param>
/// <param name="Target">Symlink target, relative and inside the dataset.</param>
/// <param name="Sha256">Optional SHA-256 (lowercase hex) of a file's whole content.</param>
public sealed record ManifestEntry(
    string Path,
    EntryType Type,
    long Size,
    int Mode,
    DateTime ModifiedAt,
    string? Target = null,
    string? Sha256 = null);
