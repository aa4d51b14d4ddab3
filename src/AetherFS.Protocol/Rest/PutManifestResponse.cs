namespace AetherFS.Protocol.Rest;

/// <summary>The digest under which a manifest was stored.</summary>
public sealed record PutManifestResponse(string Digest);
