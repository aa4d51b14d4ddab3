namespace AetherFS.Hub.Deltas;

/// <summary>A transfer delta's identity: the block sent and the version whose blocks it is decoded against.</summary>
internal readonly record struct DeltaKey(string Signature, string HeldDigest);
