using AetherFS.Core.Manifests;

namespace AetherFS.Serving.Versions;

/// <summary>Where the file server reads a file's bytes: blocks in the hub's store, or files an agent has on disk.</summary>
public interface IFileContent
{
    /// <summary>Copies bytes [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) of the file to <paramref name="output"/>.</summary>
    Task CopyAsync(ManifestIndex version, ManifestEntry file, long start, long length, Stream output, CancellationToken cancellationToken);
}
