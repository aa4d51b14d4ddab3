namespace AetherFS.Protocol.Rest;

/// <summary>A tag a retention policy removed (or, in a dry run, would remove), and why.</summary>
public sealed record ExpiredTagInfo(string Name, string Tag, string Digest, DateTime PublishedAt, string Reason);
