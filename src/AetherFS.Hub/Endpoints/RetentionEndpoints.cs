using AetherFS.Serving.Http;
using AetherFS.Core.Units;
using AetherFS.Hub.Application;
using AetherFS.Hub.Http;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Retention;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>/api/v1/datasets/{name}/-/retention</c>: read, set and clear a dataset's retention policy, applied by every
/// garbage collection. Reached through the dataset catch-all (<see cref="DatasetEndpoints"/>).
/// </summary>
internal static class RetentionEndpoints
{
    public static async Task<IResult> GetAsync(string name, RetentionService retention, CancellationToken cancellationToken) =>
        (await retention.GetAsync(name, cancellationToken)).ToResult(policy => Results.Ok(ToInfo(name, policy)));

    public static async Task<IResult> PutAsync(string name, HttpRequest request, RetentionService retention, CancellationToken cancellationToken)
    {
        var (body, error) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.RetentionPolicyRequest, Application.HubLimits.MaxRetentionBody, cancellationToken);
        return error is not null
            ? error.ToResult()
            : (await retention.PutAsync(name, body!.KeepLast, body.MaxAge, body.Protect, cancellationToken)).ToResult(policy => Results.Ok(ToInfo(name, policy)));
    }

    public static async Task<IResult> DeleteAsync(string name, RetentionService retention, CancellationToken cancellationToken) =>
        (await retention.DeleteAsync(name, cancellationToken)).ToResult(_ => Results.NoContent());

    private static RetentionPolicyInfo ToInfo(string name, RetentionPolicy policy) =>
        new(name, policy.KeepLast, policy.MaxAge is { } age ? Duration.Format(age) : null, policy.Protect);
}
