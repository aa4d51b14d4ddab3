namespace AetherFS.Protocol.Rest;

/// <summary>A stored manifest that does not read, does not hash to its name, or names blocks the hub does not have.</summary>
public sealed record BadManifestInfo(string Digest, string Reason);
