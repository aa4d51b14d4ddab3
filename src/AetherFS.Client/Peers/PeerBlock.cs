namespace AetherFS.Client.Peers;

/// <summary>One block of a <see cref="PeerBlocksRequest"/>: its signature (SHA-256 hex) and raw size.</summary>
public sealed record PeerBlock(string Signature, int Size);
