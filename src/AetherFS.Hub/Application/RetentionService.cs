using AetherFS.Core.Units;
using AetherFS.Protocol.Errors;
using AetherFS.Storage.Retention;

namespace AetherFS.Hub.Application;

/// <summary>Reads, sets and clears a dataset's retention policy, which every garbage collection applies.</summary>
internal sealed class RetentionService
{
    private readonly RetentionStore _policies;

    public RetentionService(RetentionStore policies) => _policies = policies;

    /// <summary>The dataset's policy; no policy reads as the empty one, which keeps every tag.</summary>
    public async Task<Outcome<RetentionPolicy>> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (Inputs.Name(name) is { } invalid)
        {
            return invalid;
        }

        try
        {
            return await _policies.GetAsync(name, cancellationToken) ?? new RetentionPolicy(null, null, []);
        }
        catch (FormatException e)
        {
            return ApiError.Corrupt(e.Message);
        }
    }

    /// <param name="maxAge">A duration as written (<c>90d</c>), or null.</param>
    public async Task<Outcome<RetentionPolicy>> PutAsync(string name, int? keepLast, string? maxAge, IReadOnlyList<string>? protect, CancellationToken cancellationToken)
    {
        if (Inputs.Name(name) is { } invalid)
        {
            return invalid;
        }

        TimeSpan? age = null;
        if (maxAge is not null)
        {
            if (!Duration.TryParse(maxAge, out var parsed))
            {
                return ApiError.Invalid($"invalid maxAge '{maxAge}' (examples: 12h, 30d)");
            }

            age = parsed;
        }

        var policy = new RetentionPolicy(keepLast, age, protect?.Distinct(StringComparer.Ordinal).ToList() ?? []);
        if (policy.Validate() is { } error)
        {
            return ApiError.Invalid(error);
        }

        await _policies.PutAsync(name, policy, cancellationToken);
        return policy;
    }

    public async Task<Outcome<string>> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        if (Inputs.Name(name) is { } invalid)
        {
            return invalid;
        }

        await _policies.DeleteAsync(name, cancellationToken);
        return name;
    }
}
