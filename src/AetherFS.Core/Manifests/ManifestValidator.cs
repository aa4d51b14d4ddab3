using AetherFS.Core.Blocks;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Manifests;

/// <summary>
/// Enforces the rules every reader relies on: safe, unique, ordinal-ordered paths; nothing nested under a file
/// or symlink; symlinks that stay inside; blocks whose sizes add up to the files' bytes.
/// </summary>
public static class ManifestValidator
{
    public const int MaxMode = 0xFFF; // 0o7777

    /// <summary>Throws <see cref="ManifestFormatException"/> naming the first rule the manifest breaks.</summary>
    public static void Validate(Manifest manifest)
    {
        if (manifest.Chunking.Validate() is { } chunkingError)
        {
            throw new ManifestFormatException($"invalid chunking {manifest.Chunking}: {chunkingError}");
        }

        var fileBytes = ValidateEntries(manifest.Entries);
        long blockBytes = 0;
        foreach (var block in manifest.Blocks)
        {
            if (!BlockSignature.IsValid(block.Signature))
            {
                throw new ManifestFormatException($"invalid block signature '{block.Signature}'");
            }

            if (block.Size <= 0 || block.Size > manifest.Chunking.MaxSize)
            {
                throw new ManifestFormatException($"block {block.Signature} has invalid size {block.Size}");
            }

            blockBytes += block.Size;
        }

        if (blockBytes != fileBytes)
        {
            throw new ManifestFormatException($"blocks hold {blockBytes} bytes but the files hold {fileBytes}");
        }
    }

    private static long ValidateEntries(IReadOnlyList<ManifestEntry> entries)
    {
        var notDirectories = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        long total = 0;
        foreach (var entry in entries)
        {
            var pathError = SafePath.Validate(entry.Path);
            if (pathError is not null)
            {
                throw new ManifestFormatException($"hostile or invalid path: {pathError}");
            }

            if (previous is not null && string.CompareOrdinal(previous, entry.Path) >= 0)
            {
                throw new ManifestFormatException($"entries are not in strictly increasing ordinal order at '{entry.Path}'");
            }

            for (var slash = entry.Path.IndexOf('/'); slash > 0; slash = entry.Path.IndexOf('/', slash + 1))
            {
                if (notDirectories.Contains(entry.Path[..slash]))
                {
                    throw new ManifestFormatException($"'{entry.Path}' lies under '{entry.Path[..slash]}', which is not a directory");
                }
            }

            if (entry.Mode is < 0 or > MaxMode)
            {
                throw new ManifestFormatException($"'{entry.Path}' has invalid mode {entry.Mode}");
            }

            ValidateByType(entry);
            if (entry.Type != EntryType.Directory)
            {
                notDirectories.Add(entry.Path);
            }

            total += entry.Type == EntryType.File ? entry.Size : 0;
            previous = entry.Path;
        }

        return total;
    }

    private static void ValidateByType(ManifestEntry entry)
    {
        switch (entry.Type)
        {
            case EntryType.File when entry.Size < 0:
                throw new ManifestFormatException($"'{entry.Path}' has negative size");
            case EntryType.File when entry.Sha256 is not null && !BlockSignature.IsValid(entry.Sha256):
                throw new ManifestFormatException($"'{entry.Path}' has an invalid sha256");
            case EntryType.File when entry.Target is not null:
                throw new ManifestFormatException($"file '{entry.Path}' has a symlink target");
            case EntryType.Directory when entry.Size != 0 || entry.Target is not null || entry.Sha256 is not null:
                throw new ManifestFormatException($"directory '{entry.Path}' carries file fields");
            case EntryType.Symlink:
                var targetError = entry.Target is null ? $"symlink '{entry.Path}' has no target" : SafePath.ValidateSymlinkTarget(entry.Path, entry.Target);
                if (targetError is not null)
                {
                    throw new ManifestFormatException(targetError);
                }

                break;
        }
    }
}
