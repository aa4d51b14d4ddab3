namespace AetherFS.Storage.Claims;

/// <summary>
/// What one push id may make this hub write as claims within a claim lifetime: a bounded number of claim objects
/// and of items (signatures, digests) in them. A client asking again and again about blocks that are present, each
/// answer a claim object kept for the hour, otherwise fills the disk; an honest push asks about each block once.
/// Counted per hub, in memory, for at most <see cref="MaxTrackedPushes"/> pushes (the least recently charged go first).
/// </summary>
public sealed class ClaimBudget
{
    /// <summary>Claim objects one push may write: one per "which are missing" batch that found blocks present, and a few more.</summary>
    public const int MaxObjectsPerPush = 1024;

    /// <summary>Items one push may claim: a dataset of 1,048,576 blocks (64 GiB at the default 64 KiB average chunk).</summary>
    public const int MaxItemsPerPush = 1 << 20;

    private const int MaxTrackedPushes = 100_000;
    private readonly Dictionary<string, Usage> _usage = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly Lock _lock = new();

    /// <param name="window">How long a push's usage counts: the claim lifetime, after which its claims lapse anyway.</param>
    public ClaimBudget(TimeProvider time, TimeSpan window)
    {
        _time = time;
        _window = window;
    }

    /// <summary>Counts one claim object of <paramref name="items"/> items for the push; false (nothing counted) when over budget.</summary>
    public bool TryCharge(string pushId, int items)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_usage.TryGetValue(pushId, out var usage) || now - usage.Since > _window)
            {
                MakeRoom(now);
                usage = new Usage(now, 0, 0);
            }

            if (usage.Objects + 1 > MaxObjectsPerPush || usage.Items + items > MaxItemsPerPush)
            {
                return false;
            }

            _usage[pushId] = usage with { Objects = usage.Objects + 1, Items = usage.Items + items, LastCharged = now };
            return true;
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_usage.Count < MaxTrackedPushes)
        {
            return;
        }

        foreach (var key in _usage.Where(u => now - u.Value.Since > _window).Select(u => u.Key).ToList())
        {
            _usage.Remove(key);
        }

        // Still full of live pushes: forget the quietest tenth (each then starts afresh: bounded, not exact).
        if (_usage.Count >= MaxTrackedPushes)
        {
            foreach (var key in _usage.OrderBy(u => u.Value.LastCharged).Take(MaxTrackedPushes / 10).Select(u => u.Key).ToList())
            {
                _usage.Remove(key);
            }
        }
    }

    private readonly record struct Usage(DateTimeOffset Since, int Objects, long Items)
    {
        public DateTimeOffset LastCharged { get; init; } = Since;
    }
}
