using System.Runtime.CompilerServices;
using AetherFS.Core.Packing;

namespace AetherFS.Storage.Blobs;

/// <summary>
/// Blobs as files under a root directory. Writes go to a temp file under <c>.tmp/</c>, are flushed to disk, then
/// renamed into place, so a crash never leaves a partial blob under its real key.
/// </summary>
public sealed class LocalBlobStore : IBlobStore
{
    private const string TempDirectory = ".tmp";
    private readonly string _root;
    private readonly bool _fsync;

    // Blocks fan out over 256 directories: remember which exist rather than asking the kernel on every write.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _directories = new(StringComparer.Ordinal);

    public LocalBlobStore(LocalBlobStoreOptions options)
    {
        _root = Path.GetFullPath(options.RootPath);
        _fsync = options.Fsync;
        Directory.CreateDirectory(Path.Join(_root, TempDirectory));
    }

    public Task<BlobInfo?> HeadAsync(string key, CancellationToken cancellationToken)
    {
        var file = new FileInfo(PathOf(key));
        return Task.FromResult(file.Exists ? new BlobInfo(key, file.Length, file.LastWriteTimeUtc) : null);
    }

    public Task<BlobContent?> OpenReadAsync(string key, long offset, long? length, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            // Asked often (the file server tries a name's readings until a tag exists): a stat, not an exception.
            return Task.FromResult<BlobContent?>(null);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<BlobContent?>(null);
        }

        var total = stream.Length;
        if (offset < 0 || offset > total || (length is { } l && (l < 0 || l > total - offset)))
        {
            stream.Dispose();
            throw new ArgumentOutOfRangeException(nameof(offset), $"range {offset}+{length} outside blob '{key}' of {total} bytes");
        }

        stream.Position = offset;
        var count = length ?? (total - offset);
        return Task.FromResult<BlobContent?>(new BlobContent(stream, count, total));
    }

    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(key, content, cancellationToken);
        }
        catch (IOException e) when (e is not StorageFullException && StorageFullException.IsStorageFull(e))
        {
            throw Full(key, e);
        }
    }

    private async Task WriteAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var final = PathOf(key);
        var temp = Path.Join(_root, TempDirectory, Guid.NewGuid().ToString("N"));
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                await stream.WriteAsync(content, cancellationToken);
                if (_fsync)
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            var directory = Path.GetDirectoryName(final)!;
            if (!_directories.ContainsKey(directory))
            {
                Directory.CreateDirectory(directory);
                _directories.TryAdd(directory, true);
            }

            try
            {
                File.Move(temp, final, overwrite: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Removed since it was remembered (a clean-up of empty directories): make it again, once.
                Directory.CreateDirectory(directory);
                File.Move(temp, final, overwrite: true);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }

    public string SpoolDirectory => Path.Join(_root, TempDirectory);

    /// <summary>Flushes the file to disk, then renames it into place: the bytes are written once.</summary>
    public Task PutFileAsync(string key, string path, CancellationToken cancellationToken)
    {
        var final = PathOf(key);
        try
        {
            if (_fsync)
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
                RandomAccess.FlushToDisk(handle);
            }

            var directory = Path.GetDirectoryName(final)!;
            Directory.CreateDirectory(directory);
            File.Move(path, final, overwrite: true);
        }
        catch (IOException e) when (e is not StorageFullException && StorageFullException.IsStorageFull(e))
        {
            throw Full(key, e);
        }

        return Task.CompletedTask;
    }

    // One line for the operator (the path says which file system); callers answer it as "storage is full".
    private StorageFullException Full(string key, IOException cause) =>
        new($"storage is full: no space left under '{_root}' to write '{key}'", cause);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<BlobInfo> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var trimmed = prefix.TrimEnd('/');
        if (trimmed.Length > 0 && SafePath.Validate(trimmed) is { } error)
        {
            throw new ArgumentException($"invalid blob prefix '{prefix}': {error}", nameof(prefix));
        }

        // Walk only the deepest directory the prefix names, depth first, yielding as it goes: each directory's
        // entries are sorted with a '/' after directory names, which is exactly the ordinal order of the keys under
        // them ("a.c" before "a/b"), so memory holds one directory listing per level, never every key.
        var slash = prefix.LastIndexOf('/');
        var start = slash < 0 ? string.Empty : prefix[..(slash + 1)];
        if (!Directory.Exists(Path.Join(_root, start)))
        {
            yield break;
        }

        var pending = new Stack<IEnumerator<(string Key, FileSystemInfo Entry)>>();
        pending.Push(SortedEntries(start).GetEnumerator());
        while (pending.TryPeek(out var level))
        {
            if (!level.MoveNext())
            {
                level.Dispose();
                pending.Pop();
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var (key, entry) = level.Current;
            if (entry is DirectoryInfo)
            {
                // Only directories whose keys can start with the prefix (or that lead to it) are walked.
                if ((key.StartsWith(prefix, StringComparison.Ordinal) || prefix.StartsWith(key, StringComparison.Ordinal)) && key != TempDirectory + "/")
                {
                    pending.Push(SortedEntries(key).GetEnumerator());
                }
            }
            else if (key.StartsWith(prefix, StringComparison.Ordinal) && InfoOf(key, (FileInfo)entry) is { } info)
            {
                yield return info;
            }
        }

        await Task.CompletedTask;
    }

    // A file deleted since its directory was read is simply not listed, as S3 would not list it.
    private static BlobInfo? InfoOf(string key, FileInfo file)
    {
        try
        {
            return new BlobInfo(key, file.Length, file.LastWriteTimeUtc);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    // The entries of one directory (keyed relative to the root; directories end in '/'), in ordinal key order.
    private List<(string Key, FileSystemInfo Entry)> SortedEntries(string directoryKey)
    {
        var entries = new List<(string Key, FileSystemInfo Entry)>();
        foreach (var entry in new DirectoryInfo(Path.Join(_root, directoryKey)).EnumerateFileSystemInfos())
        {
            entries.Add((directoryKey + entry.Name + (entry is DirectoryInfo ? "/" : string.Empty), entry));
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return entries;
    }

    private string PathOf(string key)
    {
        var error = SafePath.Validate(key);
        if (error is not null || key.StartsWith(TempDirectory + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"invalid blob key '{key}': {error ?? "reserved prefix"}", nameof(key));
        }

        return Path.Join(_root, key);
    }
}
