namespace AetherFS.Client.Hub;

/// <summary>A manifest fetched and verified: its canonical bytes, and the bytes it took on the wire (as a delta or full).</summary>
public sealed record FetchedManifest(string Digest, byte[] Bytes, long BytesReceived, bool AsDelta);
