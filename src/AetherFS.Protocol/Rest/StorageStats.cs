namespace AetherFS.Protocol.Rest;

/// <summary>
/// What a dataset's tagged versions hold, in raw bytes of distinct blocks: <see cref="TotalBytes"/> in all,
/// <see cref="SharedBytes"/> in blocks two or more of its versions hold, <see cref="UniqueBytes"/> in blocks only one holds.
/// </summary>
public sealed record StorageStats(int Versions, long TotalBytes, long SharedBytes, long UniqueBytes);
