namespace AetherFS.Client.Peers;

/// <summary>
/// The peers this agent knows (a static list, or what a DNS name resolves to now), which of them is itself, and which
/// are set aside after failing. Every fetch reads one snapshot of it, so a list that changes during a sync changes only
/// where the next batches go: no batch waits on a membership change.
/// </summary>
public sealed class PeerMembership
{
    /// <summary>How long a peer that failed, timed out or served bad bytes is skipped (Kraken's blacklist: 30 s).</summary>
    public static readonly TimeSpan SetAsideFor = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time;
    private readonly Dictionary<Uri, long> _asideUntil = [];
    private readonly Lock _lock = new();
    private Uri[] _peers = [];
    private ulong[] _keys = [];
    private Uri? _self;

    private readonly bool _selfServes;

    /// <param name="selfServes">False for a fetch-only agent: it owns no block, so it is left out of every placement.</param>
    public PeerMembership(IEnumerable<Uri> peers, TimeProvider? time = null, bool selfServes = true)
    {
        _time = time ?? TimeProvider.System;
        _selfServes = selfServes;
        Update(peers);
    }

    /// <summary>This agent's own address among the peers, once learned (a peer that answers with this agent's id).</summary>
    public Uri? Self => Volatile.Read(ref _self);

    /// <summary>Every address in the list, this agent's own included.</summary>
    public IReadOnlyList<Uri> Peers
    {
        get
        {
            lock (_lock)
            {
                return _peers;
            }
        }
    }

    /// <summary>Replaces the list (a DNS name re-read); peers set aside stay so until their time is up.</summary>
    public void Update(IEnumerable<Uri> peers)
    {
        var distinct = peers.Distinct().Order(Comparer<Uri>.Create((a, b) => string.CompareOrdinal(a.AbsoluteUri, b.AbsoluteUri))).ToArray();
        var keys = distinct.Select(PeerRanking.KeyOf).ToArray();
        lock (_lock)
        {
            _peers = distinct;
            _keys = keys;
        }
    }

    public void MarkSelf(Uri peer) => Volatile.Write(ref _self, peer);

    /// <summary>Skips <paramref name="peer"/> for <see cref="SetAsideFor"/>: it failed, was slow, or served bad bytes.</summary>
    public void SetAside(Uri peer)
    {
        lock (_lock)
        {
            _asideUntil[peer] = _time.GetUtcNow().Add(SetAsideFor).UtcTicks;
        }
    }

    public bool IsSetAside(Uri peer)
    {
        lock (_lock)
        {
            return IsAside(peer, _time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>
    /// The owner and the backup of a block among the live peers, this agent included, best first. Set-aside peers
    /// are left out, so the backup moves up while an owner is away.
    /// </summary>
    public Uri[] Place(string signature, int count = 2)
    {
        var block = PeerRanking.KeyOf(signature);
        var skip = _selfServes ? null : Self;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            if (_asideUntil.Count == 0 && skip is null)
            {
                return [.. PeerRanking.Top(block, _keys, count).Select(i => _peers[i])];
            }

            var live = new List<int>(_peers.Length);
            for (var i = 0; i < _peers.Length; i++)
            {
                if (!IsAside(_peers[i], now) && _peers[i] != skip)
                {
                    live.Add(i);
                }
            }

            return [.. PeerRanking.Top(block, live.Select(i => _keys[i]).ToList(), count).Select(i => _peers[live[i]])];
        }
    }

    /// <summary>
    /// Whether this agent should fetch a block from the hub for a peer that asked: it is the block's owner or backup.
    /// Until it knows its own address it does, rather than send a peer to the hub for nothing.
    /// </summary>
    public bool Holds(string signature) => Self is not { } self || Place(signature).Contains(self);

    /// <summary>Each peer and its state now: for /healthz and the peers gauge.</summary>
    public IReadOnlyList<PeerState> States()
    {
        var self = Self;
        lock (_lock)
        {
            var now = _time.GetUtcNow().UtcTicks;
            return [.. _peers.Select(p => new PeerState(p.AbsoluteUri, p == self ? PeerState.SelfState : IsAside(p, now) ? PeerState.SetAsideState : PeerState.LiveState))];
        }
    }

    private bool IsAside(Uri peer, long now)
    {
        if (!_asideUntil.TryGetValue(peer, out var until))
        {
            return false;
        }

        if (until > now)
        {
            return true;
        }

        _asideUntil.Remove(peer);
        return false;
    }
}
