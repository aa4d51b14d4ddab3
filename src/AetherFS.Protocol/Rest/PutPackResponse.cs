namespace AetherFS.Protocol.Rest;

/// <summary>A pack the hub verified and stored: its name, its size and how many blocks it holds.</summary>
public sealed record PutPackResponse(string Id, long Size, int Blocks);
