namespace AetherFS.Hub.Application;

/// <summary>A block after an upload: its signature, raw size, and whether this upload stored it (false: the hub had it).</summary>
internal sealed record StoredBlock(string Signature, int Size, bool Created);
