namespace AetherFS.Protocol.Rest;

/// <summary>A page of datasets; <see cref="Next"/> is the cursor for the following page, null on the last.</summary>
public sealed record DatasetListResponse(IReadOnlyList<DatasetSummary> Datasets, string? Next);
