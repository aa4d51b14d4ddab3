namespace AetherFS.Protocol.Rest;

/// <summary>The tags of one dataset.</summary>
public sealed record TagListResponse(string Name, IReadOnlyList<TagInfo> Tags);
