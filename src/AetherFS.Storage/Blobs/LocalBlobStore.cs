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
        FileStream stream;
        try
        {
            stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous);
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

        // Walk only the deepest directory the prefix names, then filter by the rest of it.
        var slash = prefix.LastIndexOf('/');
        var directory = slash < 0 ? _root : Path.Join(_root, prefix[..slash]);
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var keys = new List<BlobInfo>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", options))
        {
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (key.StartsWith(prefix, StringComparison.Ordinal) && !key.StartsWith(TempDirectory + "/", StringComparison.Ordinal))
            {
                keys.Add(new BlobInfo(key, file.Length, file.LastWriteTimeUtc));
            }
        }

        keys.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask;
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
