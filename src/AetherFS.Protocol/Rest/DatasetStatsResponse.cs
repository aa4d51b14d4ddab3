namespace AetherFS.Protocol.Rest;

/// <summary>
/// <c>GET /api/v1/datasets/{name}/-/stats?since=30d</c>: how a dataset was used from <see cref="Since"/> to
/// <see cref="Until"/> (summed over every hub on the store) and what its versions hold.
/// </summary>
/// <param name="ClientsAtLeast">Some hour had more distinct clients than a hub records: client counts are lower bounds.</param>
/// <param name="StaleTags">Current tags nobody pulled in the period.</param>
/// <param name="Other">Pulls of references that are not current tags: digests, and tags since deleted.</param>
public sealed record DatasetStatsResponse(
    string Name,
    DateTimeOffset Since,
    DateTimeOffset Until,
    long Pulls,
    long BytesServed,
    int Clients,
    bool ClientsAtLeast,
    IReadOnlyList<TagStats> Tags,
    IReadOnlyList<string> StaleTags,
    IReadOnlyList<ReferencePulls> Other,
    IReadOnlyList<DayStats> Days,
    StorageStats Storage);
