namespace AetherFS.Core.Manifests;

/// <summary>A block of the packed stream: the SHA-256 (lowercase hex) of its raw bytes and its size.</summary>
public sealed record BlockRef(string Signature, int Size);
