using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Hub;

/// <summary>A tag followed with <see cref="HubClient.WatchAsync"/>: where it points now, or that it was deleted (then <see cref="Tag"/> is where it last pointed).</summary>
public sealed record TagEvent(TagInfo Tag, bool Deleted);
