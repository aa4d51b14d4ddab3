namespace AetherFS.Protocol.Rest;

/// <summary>A copy of a block that does not verify: its signature, the pack holding it, and why.</summary>
public sealed record BadBlockInfo(string Signature, string Pack, string Reason);
