using System.Runtime.CompilerServices;
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

    private readonly HashedRecordStore<TokenInfo> _records;

    public ApiTokenStore(IBlobStore blobs, TimeProvider time) =>
        _records = new HashedRecordStore<TokenInfo>(blobs, time, "auth/tokens/", ProtocolJsonContext.Default.TokenInfo, CacheFor);

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
        await _records.PutAsync(TokenSecret.Hash(secret), token, cancellationToken);
        return secret;
    }

    /// <summary>The token a secret names, whether expired or not; null when there is none (or it was revoked).</summary>
    public Task<TokenInfo?> FindAsync(string secret, CancellationToken cancellationToken) =>
        _records.FindAsync(TokenSecret.Hash(secret), cancellationToken);

    public async IAsyncEnumerable<TokenInfo> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (_, token) in _records.ListAsync(cancellationToken))
        {
            yield return token;
        }
    }

    /// <summary>Deletes the owner's token of that name; false when there is none.</summary>
    public async Task<bool> RevokeAsync(string owner, string name, CancellationToken cancellationToken)
    {
        await foreach (var (hash, token) in _records.ListAsync(cancellationToken))
        {
            if (token.Owner == owner && token.Name == name)
            {
                await _records.DeleteAsync(hash, cancellationToken);
                return true;
            }
        }

        return false;
    }
}
