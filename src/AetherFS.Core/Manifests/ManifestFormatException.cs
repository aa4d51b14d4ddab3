namespace AetherFS.Core.Manifests;

/// <summary>A manifest that cannot be parsed or breaks the rules of the format.</summary>
public sealed class ManifestFormatException : Exception
{
    public ManifestFormatException(string message)
        : base(message)
    {
    }

    public ManifestFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
