using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.Usage;

/// <summary>
/// Usage objects on the blob store: <c>usage/{dataset}/{yyyy-MM-dd-HH}/{hub}.json</c>, one per dataset, hour and
/// hub, and the key of client hashes (<c>usage/.client-key</c>; no dataset name starts with '.').
/// </summary>
internal sealed class UsageStore
{
    public const string Prefix = "usage/";

    public const string ClientKeyKey = Prefix + ".client-key";

    private const string HourFormat = "yyyy-MM-dd-HH";

    private readonly IBlobStore _blobs;

    public UsageStore(IBlobStore blobs) => _blobs = blobs;

    public static string Key(string dataset, DateTimeOffset hour, string hub) => $"{Prefix}{dataset}/{HourKey(hour)}/{hub}.json";

    public static string HourKey(DateTimeOffset hour) => hour.UtcDateTime.ToString(HourFormat, CultureInfo.InvariantCulture);

    public Task WriteAsync(UsageRecord record, CancellationToken cancellationToken) =>
        _blobs.PutAsync(Key(record.Dataset, record.Hour, record.Hub), JsonSerializer.SerializeToUtf8Bytes(record, UsageJsonContext.Default.UsageRecord), cancellationToken);

    /// <summary>Every hub's objects of <paramref name="dataset"/> for the hours from <paramref name="since"/> on; unreadable ones are skipped.</summary>
    public async IAsyncEnumerable<UsageRecord> ReadAsync(string dataset, DateTimeOffset since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"{Prefix}{dataset}/";
        // Hour folders sort in time order, so the listing starts at the first hour wanted.
        await foreach (var blob in _blobs.ListAfterAsync(prefix, prefix + HourKey(UsageRecorder.HourOf(since)), cancellationToken))
        {
            // Deeper keys belong to datasets named under this one (acme/vision/sub).
            if (HourOfKey(blob.Key[prefix.Length..]) is not { } hour || hour < UsageRecorder.HourOf(since))
            {
                continue;
            }

            if (await ReadOneAsync(blob.Key, cancellationToken) is { } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>The store's client-hash key, created by the first hub that finds none.</summary>
    /// <remarks>Two hubs starting at once may each write one; both read back the last written, so they agree from then on.</remarks>
    public async Task<byte[]> ReadOrCreateClientKeyAsync(CancellationToken cancellationToken)
    {
        if (await ReadAllAsync(ClientKeyKey, cancellationToken) is { } existing && ClientHasher.IsValidKey(existing))
        {
            return existing;
        }

        await _blobs.PutAsync(ClientKeyKey, ClientHasher.NewKey(), cancellationToken);
        return await ReadAllAsync(ClientKeyKey, cancellationToken) ?? throw new IOException("the usage client key vanished after it was written");
    }

    /// <summary>Deletes usage objects of hours before <paramref name="before"/>; answers how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            var parts = blob.Key.Split('/');
            if (parts.Length >= 4 && ParseHour(parts[^2]) is { } hour && hour < before && await _blobs.DeleteAsync(blob.Key, cancellationToken))
            {
                deleted++;
            }
        }

        return deleted;
    }

    // "{hour}/{hub}.json" -> the hour; null for anything else.
    private static DateTimeOffset? HourOfKey(string rest)
    {
        var parts = rest.Split('/');
        return parts.Length == 2 && parts[1].EndsWith(".json", StringComparison.Ordinal) ? ParseHour(parts[0]) : null;
    }

    private static DateTimeOffset? ParseHour(string text) =>
        DateTime.TryParseExact(text, HourFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour)
            ? new DateTimeOffset(hour, TimeSpan.Zero)
            : null;

    private async Task<UsageRecord?> ReadOneAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await _blobs.OpenReadAsync(key, 0, null, cancellationToken);
            return content is null ? null : await JsonSerializer.DeserializeAsync(content.Stream, UsageJsonContext.Default.UsageRecord, cancellationToken);
        }
        catch (JsonException)
        {
            // A damaged usage object costs its hour's counts, not the whole answer.
            return null;
        }
    }

    private async Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken)
    {
        return await _blobs.ReadAllBytesAsync(key, cancellationToken);
    }
}
