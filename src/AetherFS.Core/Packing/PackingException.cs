namespace AetherFS.Core.Packing;

/// <summary>Input that cannot be packed or unpacked safely: hostile paths, unsupported file types, files changing underfoot.</summary>
public sealed class PackingException : Exception
{
    public PackingException(string message)
        : base(message)
    {
    }

    public PackingException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
