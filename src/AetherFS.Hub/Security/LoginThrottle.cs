using System.Collections.Concurrent;

namespace AetherFS.Hub.Security;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> wrong passwords for one user from one address within
/// <see cref="Window"/>, that user is refused from that address (429) until the window has passed. Another address,
/// or the right password before the limit, is not affected, so a guesser cannot lock a user out everywhere.
/// </summary>
internal sealed class LoginThrottle
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Bounds memory under a flood of distinct user names: past this, entries whose window has passed are dropped.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public LoginThrottle(TimeProvider time) => _time = time;

    public TimeSpan? RetryAfter(string user, string address)
    {
        if (!_failures.TryGetValue(Key(user, address), out var failures) || failures.Count < MaxFailures)
        {
            return null;
        }

        var left = failures.Since + Window - _time.GetUtcNow();
        return left > TimeSpan.Zero ? left : null;
    }

    public void Failed(string user, string address)
    {
        var now = _time.GetUtcNow();
        if (_failures.Count > MaxEntries)
        {
            foreach (var (key, value) in _failures)
            {
                if (value.Since + Window < now)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        _failures.AddOrUpdate(Key(user, address), _ => new Failures(now, 1), (_, old) => old.Since + Window < now ? new Failures(now, 1) : old with { Count = old.Count + 1 });
    }

    public void Succeeded(string user, string address) => _failures.TryRemove(Key(user, address), out _);

    private static string Key(string user, string address) => user + "\n" + address;

    private sealed record Failures(DateTimeOffset Since, int Count);
}
