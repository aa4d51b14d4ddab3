using AetherFS.Serving.Versions;
using AetherFS.Core.Manifests;
using AetherFS.Storage.Blocks;

namespace AetherFS.Hub.Datasets;

/// <summary>
/// Streams bytes of one file of a version from the blocks that hold them, and only those: every block is read
/// through the block store, which verifies it against its signature before a byte is used.
/// </summary>
internal sealed class FileRangeReader : IFileContent
{
    private readonly BlockStore _blocks;

    public FileRangeReader(BlockStore blocks) => _blocks = blocks;

    /// <summary>Copies bytes [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the file to <paramref name="output"/>.</summary>
    public async Task CopyAsync(ManifestIndex version, ManifestEntry file, long start, long length, Stream output, CancellationToken cancellationToken)
    {
        if (start < 0 || length < 0 || start + length > file.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"bytes {start}+{length} are outside the {file.Size}-byte file");
        }

        var blocks = version.Manifest.Blocks;
        foreach (var span in version.Layout.Spans(version.OffsetOf(file) + start, length))
        {
            var signature = blocks[span.Index].Signature;
            using var block = await _blocks.ReadAsync(signature, cancellationToken)
                ?? throw Core.Blocks.DigestMismatchException.Undecodable(signature, $"block of {file.Path} is missing from the store");
            await output.WriteAsync(block.Memory.Slice(span.Offset, span.Length), cancellationToken);
        }
    }

    /// <summary>A small file's bytes (a README for the UI), at most <paramref name="limit"/> bytes of it.</summary>
    public async Task<byte[]> ReadPrefixAsync(ManifestIndex version, ManifestEntry file, int limit, CancellationToken cancellationToken)
    {
        var length = (int)Math.Min(file.Size, limit);
        using var buffer = new MemoryStream(length);
        await CopyAsync(version, file, 0, length, buffer, cancellationToken);
        return buffer.ToArray();
    }
}
