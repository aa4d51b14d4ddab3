namespace AetherFS.Protocol.Rest;

/// <summary>The tags of a dataset that pointed at <see cref="Digest"/> and were deleted with it.</summary>
public sealed record DeleteVersionResponse(string Name, string Digest, IReadOnlyList<string> DeletedTags);
