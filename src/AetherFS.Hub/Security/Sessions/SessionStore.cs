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

    // Sessions that are never used again are not looked up again either; a sign-in clears them out now and then.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromHours(1);

    private readonly HashedRecordStore<SessionRecord> _records;
    private readonly TimeProvider _time;
    private long _nextSweepTicks;

    public SessionStore(IBlobStore blobs, TimeProvider time)
    {
        _records = new HashedRecordStore<SessionRecord>(blobs, time, "auth/sessions/", SessionJsonContext.Default.SessionRecord, ApiTokenStore.CacheFor);
        _time = time;
    }

    /// <summary>Stores a new session for the principal and answers its secret (for the cookie) and its record.</summary>
    /// <param name="groups">Groups the sign-in brought from outside the configuration; null for local users.</param>
    public async Task<(string Secret, SessionRecord Session)> CreateAsync(string name, PrincipalKind kind, IReadOnlyList<string>? groups, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var session = new SessionRecord(name, kind, groups, now, now + Lifetime);
        var secret = SessionSecret.Generate();
        await _records.PutAsync(SessionSecret.Hash(secret), session, cancellationToken);
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

        var session = await _records.FindAsync(SessionSecret.Hash(secret), cancellationToken);
        if (session is not null && session.Expires <= _time.GetUtcNow())
        {
            await EndAsync(secret, cancellationToken);
            return null;
        }

        return session;
    }

    /// <summary>Deletes the session a secret names (signing out); nothing happens when there is none.</summary>
    public async Task EndAsync(string secret, CancellationToken cancellationToken)
    {
        if (SessionSecret.IsWellFormed(secret))
        {
            await _records.DeleteAsync(SessionSecret.Hash(secret), cancellationToken);
        }
    }

    /// <summary>Deletes the records of expired sessions, judged by when they were written (a record is never rewritten).</summary>
    private async Task SweepAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextSweepTicks, (now + SweepEvery).UtcTicks, due) != due)
        {
            return;
        }

        await _records.DeleteWrittenBeforeAsync(now - Lifetime, cancellationToken);
    }
}
