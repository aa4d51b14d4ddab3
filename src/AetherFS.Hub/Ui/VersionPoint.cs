namespace AetherFS.Hub.Ui;

/// <summary>One version in a dataset's history: the tags on it, when it was first published, its size, and what it added.</summary>
/// <param name="NewBytes">Raw bytes of its distinct blocks the version before it lacks (all of them for the first).</param>
/// <param name="NewSentBytes">The same blocks compressed, as a pull after the version before downloads them.</param>
internal sealed record VersionPoint(IReadOnlyList<string> Tags, string Digest, DateTime PublishedAt, long Size, long NewBytes, long NewSentBytes);
