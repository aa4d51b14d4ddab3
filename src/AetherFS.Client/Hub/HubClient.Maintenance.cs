using System.Net.Http.Json;
using AetherFS.Core.References;
using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Hub;

/// <summary>The hub's upkeep: deleting versions, retention policies and garbage collection.</summary>
public sealed partial class HubClient
{
    /// <summary>Deletes every tag of <paramref name="name"/> pointing at <paramref name="digest"/> (gRPC, REST when gRPC cannot get through).</summary>
    public Task<DeleteVersionResponse> DeleteVersionAsync(string name, string digest, CancellationToken cancellationToken)
    {
        if (!Digest.IsValid(digest))
        {
            throw new ArgumentException($"'{digest}' is not a manifest digest", nameof(digest));
        }

        return EitherAsync(
            async () =>
            {
                var response = await _datasets.DeleteAsync(name, digest, cancellationToken);
                return new DeleteVersionResponse(name, digest, response.DeletedTags.ToList());
            },
            async () =>
            {
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ApiPaths.DatasetManifest(name, digest)), cancellationToken);
                return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.DeleteVersionResponse, cancellationToken))!;
            });
    }

    public async Task<RetentionPolicyInfo> GetRetentionAsync(string name, CancellationToken cancellationToken) =>
        (await GetJsonAsync(ApiPaths.Retention(name), ProtocolJsonContext.Default.RetentionPolicyInfo, cancellationToken))!;

    public async Task<RetentionPolicyInfo> PutRetentionAsync(string name, RetentionPolicyRequest policy, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, ApiPaths.Retention(name))
            {
                Content = JsonContent.Create(policy, ProtocolJsonContext.Default.RetentionPolicyRequest),
            },
            cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.RetentionPolicyInfo, cancellationToken))!;
    }

    public async Task DeleteRetentionAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ApiPaths.Retention(name)), cancellationToken);
    }

    /// <summary>Runs a garbage collection on the hub and answers its report (it may take minutes on a large store).</summary>
    public async Task<GcReport> CollectGarbageAsync(GcRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, ApiPaths.Gc)
            {
                Content = JsonContent.Create(request, ProtocolJsonContext.Default.GcRequest),
            },
            cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.GcReport, cancellationToken))!;
    }
}
