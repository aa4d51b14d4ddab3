using System.Collections.Concurrent;
using System.Text.Json;
using AetherFS.Hub.Security.Tokens;
using AetherFS.Storage.Blobs;

namespace AetherFS.Hub.Security.Sessions;

/// <summary>
/// Web UI sessions, kept in the hub's store beside the API tokens as <c>auth/sessions/&lt;sha256 of the secret&gt;</c>,
/// so a browser signed in through one hub is signed in on every hub sharing the store. Lookups are cached for at most
/// <see cref="ApiTokenStore.CacheFor"/>, the tokens' bound: a session ended through one hub ends on every hub within it.
/// </summary>
public sealed class SessionStore
{
    /// <summary>How long a sign-in lasts (documented in docs/security.md).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const string Prefix = "auth/sessions/";
    private const int MaxCached = 10_000;
    private const int MaxRecordBytes = 64 * 1024;

    // Sessions that are never used again are not looked up again either; a sign-in clears them out now and then.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);

    private readonly IBlobStore _blobs;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (SessionRecord? Session, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public SessionStore(IBlobStore blobs, TimeProvider time)
    {
        _blobs = blobs;
        _time = time;
    }

    /// <summary>Stores a new session for the principal and answers its secret (for the cookie) and its record.</summary>
    /// <param name="groups">Groups the sign-in brought from outside the configuration; null for local users.</param>
    public async Task<(string Secret, SessionRecord Session)> CreateAsync(string name, PrincipalKind kind, IReadOnlyList<string>? groups, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var session = new SessionRecord(name, kind, groups, now, now + Lifetime);
        var secret = SessionSecret.Generate();
        var hash = SessionSecret.Hash(secret);
        await _blobs.PutAsync(Prefix + hash, JsonSerializer.SerializeToUtf8Bytes(session, SessionJsonContext.Default.SessionRecord), cancellationToken);
        _cache[hash] = (session, now + ApiTokenStore.CacheFor);
        await SweepAsync(now, cancellationToken);
        return (secret, session);
    }

    /// <summary>The live session a secret names; null when there is none, it ended, or it expired (then it is deleted).</summary>
    public async Task<SessionRecord?> FindAsync(string secret, CancellationToken cancellationToken)
    {
        if (!SessionSecret.IsWellFormed(secret))
        {
            return null;
        }

        var hash = SessionSecret.Hash(secret);
        var now = _time.GetUtcNow();
        if (!_cache.TryGetValue(hash, out var cached) || cached.Until <= now)
        {
            if (_cache.Count > MaxCached)
            {
                // Unknown secrets are cached too (so guessing does not hammer the store); a flood of them just starts over.
                _cache.Clear();
            }

            cached = (await ReadAsync(Prefix + hash, cancellationToken), now + ApiTokenStore.CacheFor);
            _cache[hash] = cached;
        }

        if (cached.Session is { } session && session.Expires <= now)
        {
            await EndAsync(secret, cancellationToken);
            return null;
        }

        return cached.Session;
    }

    /// <summary>Deletes the session a secret names (signing out); nothing happens when there is none.</summary>
    public async Task EndAsync(string secret, CancellationToken cancellationToken)
    {
        if (!SessionSecret.IsWellFormed(secret))
        {
            return;
        }

        var hash = SessionSecret.Hash(secret);
        await _blobs.DeleteAsync(Prefix + hash, cancellationToken);
        _cache[hash] = (null, _time.GetUtcNow() + ApiTokenStore.CacheFor);
    }

    /// <summary>Deletes the records of expired sessions, judged by when they were written (a record is never rewritten).</summary>
    private async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, due) != due)
        {
            return;
        }

        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            if (new DateTimeOffset(blob.LastModified, TimeSpan.Zero) + Lifetime < now)
            {
                await _blobs.DeleteAsync(blob.Key, cancellationToken);
            }
        }
    }

    private async Task<SessionRecord?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(key, 0, null, cancellationToken);
        if (content is null)
        {
            return null;
        }

        if (content.Length > MaxRecordBytes)
        {
            throw new InvalidDataException($"session record {key} is larger than {MaxRecordBytes} bytes");
        }

        return await JsonSerializer.DeserializeAsync(content.Stream, SessionJsonContext.Default.SessionRecord, cancellationToken);
    }
}
