namespace AetherFS.Hub.Usage;

/// <summary>
/// One dataset's use in one hour on this hub, counted in memory until it is flushed. Bounded: at most
/// <see cref="MaxClients"/> client hashes and <see cref="MaxReferences"/> tags or digests; past those, clients are no
/// longer told apart (the record says so) and further references count under <see cref="OtherReference"/>.
/// </summary>
internal sealed class HourTally
{
    public const int MaxClients = 4096;

    public const int MaxReferences = 256;

    /// <summary>Where pulls of references past <see cref="MaxReferences"/> count (not a valid tag, so never confused with one).</summary>
    public const string OtherReference = "(other)";

    private readonly Dictionary<string, (long Pulls, long Bytes, HashSet<string> Clients)> _references = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _clients;
    private bool _clientsCapped;
    private bool _dirty;

    public HourTally(string dataset, DateTimeOffset hour)
    {
        Dataset = dataset;
        Hour = hour;
    }

    public string Dataset { get; }

    public DateTimeOffset Hour { get; }

    public bool IsDirty
    {
        get
        {
            lock (_lock)
            {
                return _dirty;
            }
        }
    }

    public void Add(string reference, string client, bool pull, long bytes)
    {
        lock (_lock)
        {
            if (!_references.TryGetValue(reference, out var entry))
            {
                if (_references.Count >= MaxReferences)
                {
                    reference = OtherReference;
                }

                entry = _references.GetValueOrDefault(reference, (0, 0, new HashSet<string>(StringComparer.Ordinal)));
            }

            if (!entry.Clients.Contains(client))
            {
                if (_clients < MaxClients)
                {
                    entry.Clients.Add(client);
                    _clients++;
                }
                else
                {
                    _clientsCapped = true;
                }
            }

            _references[reference] = (entry.Pulls + (pull ? 1 : 0), entry.Bytes + bytes, entry.Clients);
            _dirty = true;
        }
    }

    /// <summary>The whole hour so far, as one hub's object; clears the dirty mark (a later record sets it again).</summary>
    public UsageRecord Snapshot(string hub)
    {
        lock (_lock)
        {
            _dirty = false;
            var references = _references.ToDictionary(r => r.Key, r => new ReferenceUsage(r.Value.Pulls, r.Value.Bytes, r.Value.Clients.Order(StringComparer.Ordinal).ToList()), StringComparer.Ordinal);
            return new UsageRecord(UsageRecord.CurrentVersion, Dataset, Hour, hub, references, _clientsCapped);
        }
    }

    /// <summary>Marks the tally dirty again after a flush that failed, so the next one retries it.</summary>
    public void MarkDirty()
    {
        lock (_lock)
        {
            _dirty = true;
        }
    }
}
