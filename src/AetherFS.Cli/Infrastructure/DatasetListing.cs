namespace AetherFS.Cli.Infrastructure;

/// <summary>One dataset in <c>aetherfs ls --json</c>: its tag count and the most recently published tag's version.</summary>
internal sealed record DatasetListing(string Name, int Tags, string? Latest, string? Digest, long? Bytes, int? Files, DateTime? UpdatedAt);
