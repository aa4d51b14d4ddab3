namespace AetherFS.Protocol.Rest;

/// <summary>Points a tag at a manifest the hub already holds (publish or retag).</summary>
public sealed record PutTagRequest(string Digest, string? Publisher);
