using System.Text;
using AetherFS.Core.Manifests;
using AetherFS.Hub.Datasets;

namespace AetherFS.Hub.Ui;

/// <summary>
/// A version's file as text for the line diff, only when it is small and valid UTF-8 without NUL bytes: what a
/// person reads as lines. Larger or binary files are left out, so a diff costs at most two such reads.
/// </summary>
internal sealed class TextFileReader
{
    /// <summary>The largest file shown as lines.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly FileRangeReader _files;

    public TextFileReader(FileRangeReader files) => _files = files;

    /// <summary>The file's text; null when it is over <see cref="MaxBytes"/>, not a regular file, or not text.</summary>
    public async Task<string?> ReadAsync(ManifestIndex version, ManifestEntry file, CancellationToken cancellationToken)
    {
        if (file.Type != EntryType.File || file.Size > MaxBytes)
        {
            return null;
        }

        var bytes = await _files.ReadPrefixAsync(version, file, MaxBytes, cancellationToken);
        if (bytes.AsSpan().Contains((byte)0))
        {
            return null;
        }

        try
        {
            return Strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
