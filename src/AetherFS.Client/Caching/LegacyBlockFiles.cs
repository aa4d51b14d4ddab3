using AetherFS.Core.Blocks;

namespace AetherFS.Client.Caching;

/// <summary>
/// The cache layout before segments: one file per block, <c>blocks/{sig[0:2]}/{sig[2:]}</c>, written through
/// <c>.tmp/</c>. A cache directory written that way is moved into the log on first use rather than read in place,
/// so that only one layout is ever read, and the old tree (thousands of files) goes away.
/// </summary>
internal static class LegacyBlockFiles
{
    private const string BlocksDirectory = "blocks";
    private const string TempDirectory = ".tmp";

    /// <summary>
    /// Hands each old block to <paramref name="keep"/>, oldest first (so the order of use carries over as it did
    /// between processes: by modification time), then deletes the old tree. A file whose name is not a signature,
    /// whose length no payload has or whose payload header is not a block's is dropped; payloads are not
    /// verified here, since every read verifies. Two processes migrating at once may both keep a block: the
    /// newest copy wins, the other is dead bytes until its segment is evicted.
    /// </summary>
    public static void Migrate(string root, Action<string, byte[]> keep)
    {
        var blocks = new DirectoryInfo(Path.Join(root, BlocksDirectory));
        if (!blocks.Exists)
        {
            return;
        }

        var files = blocks.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 1 })
            .OrderBy(f => f.LastWriteTimeUtc)
            .ToList();
        foreach (var file in files)
        {
            var signature = file.Directory!.Name + file.Name;
            if (BlockSignature.IsValid(signature) && TryRead(file, signature) is { } payload)
            {
                keep(signature, payload);
            }
        }

        DeleteTree(blocks.FullName);
        DeleteTree(Path.Join(root, TempDirectory));
    }

    private static byte[]? TryRead(FileInfo file, string signature)
    {
        try
        {
            if (file.Length < BlockPayload.HeaderSize || file.Length > CacheRecordHeader.MaxPayloadLength)
            {
                return null;
            }

            var payload = File.ReadAllBytes(file.FullName);
            BlockPayload.ReadHeader(payload, signature);
            return payload;
        }
        catch (Exception e) when (e is DigestMismatchException or IOException)
        {
            // Damaged, or moved already by another process migrating at the same time.
            return null;
        }
    }

    private static void DeleteTree(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Not there, or removed by another process migrating at the same time.
        }
        catch (IOException)
        {
            // Written to meanwhile (a process of the old version): what is left is migrated on the next first use.
        }
    }
}
