namespace AetherFS.Hub.Usage;

/// <summary>
/// What one hub saw of one dataset in one hour, stored as <c>usage/{dataset}/{yyyy-MM-dd-HH}/{hub}.json</c>. Each hub
/// writes only its own objects, whole, so hubs on one bucket never overwrite each other and readers add them up.
/// </summary>
/// <param name="ClientsCapped">The hour had more distinct clients than a hub keeps: the counts are lower bounds.</param>
internal sealed record UsageRecord(int Version, string Dataset, DateTimeOffset Hour, string Hub, IReadOnlyDictionary<string, ReferenceUsage> References, bool ClientsCapped)
{
    public const int CurrentVersion = 1;
}
