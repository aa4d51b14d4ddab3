using System.Runtime.CompilerServices;
using System.Text.Json;
using AetherFS.Core.References;
using AetherFS.Core.Units;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Retention;

/// <summary>
/// Retention policies at <c>datasets/{name}/-/retention</c>. The <c>-</c> segment cannot start a dataset name segment
/// (nor is it <c>tags</c>), so the key never collides with a nested dataset <c>{name}/...</c> on disk, and tag and
/// dataset listings, which look for <c>/tags/</c>, pass over it.
/// </summary>
public sealed class RetentionStore
{
    private const string DatasetsPrefix = "datasets/";
    private const string Suffix = "/-/retention";
    private readonly IBlobStore _blobs;

    public RetentionStore(IBlobStore blobs) => _blobs = blobs;

    public static string KeyOf(string name) => DatasetsPrefix + name + Suffix;

    /// <summary>The dataset a listed key holds the policy of; null for any other key.</summary>
    public static string? NameOf(string key)
    {
        if (!key.StartsWith(DatasetsPrefix, StringComparison.Ordinal) || !key.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var name = key[DatasetsPrefix.Length..^Suffix.Length];
        return DatasetName.IsValid(name) ? name : null;
    }

    /// <summary>A dataset's policy; null when it has none. A stored policy that does not read is <see cref="FormatException"/>.</summary>
    public async Task<RetentionPolicy?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(KeyOf(name), 0, null, cancellationToken);
        if (content is null)
        {
            return null;
        }

        RetentionDocument? document;
        try
        {
            document = await JsonSerializer.DeserializeAsync(content.Stream, RetentionJsonContext.Default.RetentionDocument, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the retention policy of '{name}' does not read: {e.Message}", e);
        }

        TimeSpan? maxAge = null;
        if (document?.MaxAge is { } text)
        {
            maxAge = Duration.TryParse(text, out var parsed) ? parsed : throw new FormatException($"the retention policy of '{name}' has an invalid maxAge '{text}'");
        }

        var policy = new RetentionPolicy(document?.KeepLast, maxAge, document?.Protect ?? []);
        return policy.Validate() is { } error ? throw new FormatException($"the retention policy of '{name}' is invalid: {error}") : policy;
    }

    public async Task PutAsync(string name, RetentionPolicy policy, CancellationToken cancellationToken)
    {
        if (policy.Validate() is { } error)
        {
            throw new ArgumentException(error, nameof(policy));
        }

        var document = new RetentionDocument(policy.KeepLast, policy.MaxAge is { } age ? Duration.Format(age) : null, policy.Protect.Count == 0 ? null : policy.Protect);
        await _blobs.PutAsync(KeyOf(name), JsonSerializer.SerializeToUtf8Bytes(document, RetentionJsonContext.Default.RetentionDocument), cancellationToken);
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) => _blobs.DeleteAsync(KeyOf(name), cancellationToken);

    /// <summary>The datasets that have a policy, in ordinal order of their keys.</summary>
    public async IAsyncEnumerable<string> ListNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(DatasetsPrefix, cancellationToken))
        {
            if (NameOf(blob.Key) is { } name)
            {
                yield return name;
            }
        }
    }
}
