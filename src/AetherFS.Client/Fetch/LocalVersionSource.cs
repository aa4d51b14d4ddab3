using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// Blocks rebuilt from a version already unpacked on local disk (the one an agent is about to replace): a block
/// is the bytes of a stretch of the packed stream, so it can be read back from the files that hold that stretch.
/// What is read is verified against the signature, so a file changed on disk since is simply a miss.
/// </summary>
public sealed class LocalVersionSource
{
    private readonly string _root;
    private readonly Dictionary<string, long> _blockStarts = new(StringComparer.Ordinal);
    private readonly long[] _fileStarts;
    private readonly ManifestEntry[] _files;

    public LocalVersionSource(string root, Manifest manifest)
    {
        _root = root;
        var layout = new BlockLayout(manifest.Blocks);
        for (var i = 0; i < manifest.Blocks.Count; i++)
        {
            _blockStarts.TryAdd(manifest.Blocks[i].Signature, layout.StartOf(i));
        }

        var offsets = BlockLayout.EntryOffsets(manifest.Entries);
        var files = manifest.Entries.Select((e, i) => (Entry: e, Offset: offsets[i])).Where(f => f.Entry.Type == EntryType.File && f.Entry.Size > 0).ToList();
        _files = files.Select(f => f.Entry).ToArray();
        _fileStarts = files.Select(f => f.Offset).ToArray();
    }

    public bool Has(string signature) => _blockStarts.ContainsKey(signature);

    /// <summary>The block read back from local files and verified; null when it is not there (any more).</summary>
    public async Task<PooledBlock?> TryReadAsync(BlockRef block, CancellationToken cancellationToken)
    {
        if (!_blockStarts.TryGetValue(block.Signature, out var start))
        {
            return null;
        }

        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(block.Size, 1));
        var result = PooledBlock.Adopt(buffer, block.Size);
        try
        {
            var filled = 0;
            var index = Array.BinarySearch(_fileStarts, start);
            index = index >= 0 ? index : ~index - 1;
            while (filled < block.Size && index >= 0 && index < _files.Length)
            {
                var file = _files[index];
                var inFile = start + filled - _fileStarts[index];
                var take = (int)Math.Min(block.Size - filled, file.Size - inFile);
                using (var handle = File.OpenHandle(Path.Join(_root, file.Path), FileMode.Open, FileAccess.Read))
                {
                    if (await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled, take), inFile, cancellationToken) != take)
                    {
                        result.Dispose();
                        return null;
                    }
                }

                filled += take;
                index++;
            }

            if (filled != block.Size || BlockSignature.Compute(buffer.AsSpan(0, block.Size)) != block.Signature)
            {
                result.Dispose();
                return null;
            }

            return result;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.Dispose();
            return null;
        }
    }
}
