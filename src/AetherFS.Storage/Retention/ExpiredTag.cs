namespace AetherFS.Storage.Retention;

/// <summary>A tag a retention policy removes, what it pointed at, and which rule removes it.</summary>
public sealed record ExpiredTag(string Tag, string Digest, DateTime PublishedAt, string Reason);
