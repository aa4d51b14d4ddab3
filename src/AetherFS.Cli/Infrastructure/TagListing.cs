namespace AetherFS.Cli.Infrastructure;

/// <summary>One tag in <c>aetherfs ls NAME --json</c>: the tag record and the size of the version it points at.</summary>
internal sealed record TagListing(string Tag, string Digest, DateTime PublishedAt, string? Publisher, long Bytes, int Files);
