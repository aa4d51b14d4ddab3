namespace AetherFS.Storage.Blobs;

/// <summary>A stored key, its size in bytes and when it was last written.</summary>
public sealed record BlobInfo(string Key, long Size, DateTime LastModified);
