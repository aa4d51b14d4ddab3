using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Hub;

/// <summary>Insight into a dataset: its pulls and storage as the hub's usage records and manifests tell them.</summary>
public sealed partial class HubClient
{
    /// <param name="since">The period, as a duration the hub reads ("30d", "12h").</param>
    public Task<DatasetStatsResponse> GetStatsAsync(string name, string since, CancellationToken cancellationToken) =>
        RetryAsync(ct => GetJsonAsync(ApiPaths.Stats(name, since), ProtocolJsonContext.Default.DatasetStatsResponse, ct), cancellationToken);
}
