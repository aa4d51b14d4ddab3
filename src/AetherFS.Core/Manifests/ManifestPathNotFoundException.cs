namespace AetherFS.Core.Manifests;

/// <summary>A path asked for (a selective pull, a listing) that names nothing in the version.</summary>
public sealed class ManifestPathNotFoundException : Exception
{
    public ManifestPathNotFoundException(string path)
        : base($"'{path}' is not in this version")
    {
        Path = path;
    }

    public string Path { get; }
}
