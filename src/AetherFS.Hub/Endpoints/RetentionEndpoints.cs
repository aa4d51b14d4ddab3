using AetherFS.Core.Units;
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
    public static async Task<IResult> GetAsync(string name, RetentionStore policies, CancellationToken cancellationToken)
    {
        RetentionPolicy? policy;
        try
        {
            policy = await policies.GetAsync(name, cancellationToken);
        }
        catch (FormatException e)
        {
            return ApiProblem.Corrupt(e.Message).ToResult();
        }

        // No policy reads as the empty one: every tag is kept.
        return Results.Ok(ToInfo(name, policy ?? new RetentionPolicy(null, null, [])));
    }

    public static async Task<IResult> PutAsync(string name, HttpRequest request, RetentionStore policies, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(request, ProtocolJsonContext.Default.RetentionPolicyRequest, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        TimeSpan? maxAge = null;
        if (body!.MaxAge is { } text)
        {
            if (!Duration.TryParse(text, out var parsed))
            {
                return ApiProblem.BadRequest($"invalid maxAge '{text}' (examples: 12h, 30d)").ToResult();
            }

            maxAge = parsed;
        }

        var policy = new RetentionPolicy(body.KeepLast, maxAge, body.Protect?.Distinct(StringComparer.Ordinal).ToList() ?? []);
        if (policy.Validate() is { } error)
        {
            return ApiProblem.BadRequest(error).ToResult();
        }

        await policies.PutAsync(name, policy, cancellationToken);
        return Results.Ok(ToInfo(name, policy));
    }

    public static async Task<IResult> DeleteAsync(string name, RetentionStore policies, CancellationToken cancellationToken)
    {
        await policies.DeleteAsync(name, cancellationToken);
        return Results.NoContent();
    }

    private static RetentionPolicyInfo ToInfo(string name, RetentionPolicy policy) =>
        new(name, policy.KeepLast, policy.MaxAge is { } age ? Duration.Format(age) : null, policy.Protect);
}
