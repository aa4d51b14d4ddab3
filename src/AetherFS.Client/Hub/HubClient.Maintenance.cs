using System.Net.Http.Json;
using AetherFS.Core.References;
using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Hub;

/// <summary>The hub's upkeep: deleting versions, retention policies, garbage collection and verification of the store.</summary>
public sealed partial class HubClient
{
    /// <summary>Deletes every tag of <paramref name="name"/> pointing at <paramref name="digest"/>. Not retried, like <see cref="DeleteTagAsync"/>.</summary>
    public async Task<DeleteVersionResponse> DeleteVersionAsync(string name, string digest, CancellationToken cancellationToken)
    {
        if (!Digest.IsValid(digest))
        {
            throw new ArgumentException($"'{digest}' is not a manifest digest", nameof(digest));
        }

        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ApiPaths.DatasetManifest(name, digest)), cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.DeleteVersionResponse, cancellationToken))!;
    }

    /// <summary>What a pull of the manifest <paramref name="digest"/> downloads after one of <paramref name="from"/>, in the sizes the hub sends.</summary>
    public Task<TransferReport> GetTransferAsync(string digest, string? from, CancellationToken cancellationToken) =>
        RetryAsync(ct => GetJsonAsync(ApiPaths.Transfer(digest, from), ProtocolJsonContext.Default.TransferReport, ct), cancellationToken);

    public Task<RetentionPolicyInfo> GetRetentionAsync(string name, CancellationToken cancellationToken) =>
        RetryAsync(ct => GetJsonAsync(ApiPaths.Retention(name), ProtocolJsonContext.Default.RetentionPolicyInfo, ct), cancellationToken);

    public Task<RetentionPolicyInfo> PutRetentionAsync(string name, RetentionPolicyRequest policy, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(
                    () => new HttpRequestMessage(HttpMethod.Put, ApiPaths.Retention(name))
                    {
                        Content = JsonContent.Create(policy, ProtocolJsonContext.Default.RetentionPolicyRequest),
                    },
                    ct);
                return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.RetentionPolicyInfo, ct))!;
            },
            cancellationToken);

    /// <summary>Removes a dataset's retention policy; answered the same whether it had one, so retried.</summary>
    public Task DeleteRetentionAsync(string name, CancellationToken cancellationToken) =>
        RetryAsync(
            async ct =>
            {
                using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, ApiPaths.Retention(name)), ct);
                return name;
            },
            cancellationToken);

    /// <summary>Runs a garbage collection on the hub and answers its report (it may take minutes on a large store). Not retried.</summary>
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

    /// <summary>Verifies every block and manifest the hub stores and answers the report (it reads the whole store). Not retried.</summary>
    public async Task<VerifyReport> VerifyStoreAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, ApiPaths.Verify)
            {
                Content = JsonContent.Create(request, ProtocolJsonContext.Default.VerifyRequest),
            },
            cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.VerifyReport, cancellationToken))!;
    }
}
