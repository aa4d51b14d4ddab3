using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.Security.Tokens;

/// <summary>
/// API tokens, kept in the hub's store as <c>auth/tokens/&lt;sha256 of the secret&gt;</c> (JSON: name, owner, scopes,
/// expiry), so hubs sharing a store share them. Lookups are cached for at most <see cref="CacheFor"/>: a token revoked
/// through one hub is refused by every hub within that bound.
/// </summary>
public sealed class ApiTokenStore
{
    /// <summary>How long a hub may go on trusting what it read (documented in docs/security.md).</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private const string Prefix = "auth/tokens/";
    private const int MaxCached = 10_000;
    private const int MaxRecordBytes = 64 * 1024;

    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (TokenInfo? Token, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public ApiTokenStore(IBlobStore blobs, TimeProvider time)
    {
        _blobs = blobs;
        _time = time;
    }

    /// <summary>Stores a new token and answers its secret, or null when its owner already has a token of that name.</summary>
    public async Task<string?> CreateAsync(TokenInfo token, CancellationToken cancellationToken)
    {
        await foreach (var existing in ListAsync(cancellationToken))
        {
            if (existing.Owner == token.Owner && existing.Name == token.Name)
            {
                return null;
            }
        }

        var secret = TokenSecret.Generate();
        var hash = TokenSecret.Hash(secret);
        await _blobs.PutAsync(Prefix + hash, JsonSerializer.SerializeToUtf8Bytes(token, ProtocolJsonContext.Default.TokenInfo), cancellationToken);
        _cache[hash] = (token, _time.GetUtcNow() + CacheFor);
        return secret;
    }

    /// <summary>The token a secret names, whether expired or not; null when there is none (or it was revoked).</summary>
    public async Task<TokenInfo?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = TokenSecret.Hash(secret);
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            return cached.Token;
        }

        var token = await ReadAsync(Prefix + hash, cancellationToken);
        if (_cache.Count > MaxCached)
        {
            // Unknown secrets are cached too (so guessing does not hammer the store); a flood of them just starts over.
            _cache.Clear();
        }

        _cache[hash] = (token, now + CacheFor);
        return token;
    }

    public async IAsyncEnumerable<TokenInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            if (await ReadAsync(blob.Key, cancellationToken) is { } token)
            {
                yield return token;
            }
        }
    }

    /// <summary>Deletes the owner's token of that name; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string owner, string name, CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            if (await ReadAsync(blob.Key, cancellationToken) is { } token && token.Owner == owner && token.Name == name)
            {
                await _blobs.DeleteAsync(blob.Key, cancellationToken);
                _cache.TryRemove(blob.Key[Prefix.Length..], out _);
                return true;
            }
        }

        return false;
    }

    private async Task<TokenInfo?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(key, 0, null, cancellationToken);
        if (content is null)
        {
            return null;
        }

        if (content.Length > MaxRecordBytes)
        {
            throw new InvalidDataException($"token record {key} is larger than {MaxRecordBytes} bytes");
        }

        return await JsonSerializer.DeserializeAsync(content.Stream, ProtocolJsonContext.Default.TokenInfo, cancellationToken);
    }
}
