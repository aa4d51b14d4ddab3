namespace AetherFS.Client.Caching;

/// <summary>
/// Where each cached block lies, and which blocks each known segment holds, so that evicting a segment finds its
/// records without walking every block. Built in memory from the segments (a scan reads only record headers), never
/// stored. Not thread-safe: <see cref="DiskBlockCache"/> uses it under its lock.
/// </summary>
internal sealed class CacheIndex
{
    private readonly Dictionary<string, CacheRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<CacheSegment, HashSet<string>> _bySegment = [];

    public IReadOnlyCollection<CacheSegment> Segments => _bySegment.Keys;

    /// <summary>The bytes of every known segment, whatever they hold: what the disk holds for the cache.</summary>
    public long UsedBytes => _bySegment.Keys.Sum(s => s.Length);

    public bool Contains(string signature) => _records.ContainsKey(signature);

    public bool TryGet(string signature, out CacheRecord record) => _records.TryGetValue(signature, out record);

    public void AddSegment(CacheSegment segment) => _bySegment.TryAdd(segment, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>Points <paramref name="signature"/> at <paramref name="record"/> (the newest copy wins); ignored when its segment is no longer known.</summary>
    public void Add(string signature, CacheRecord record)
    {
        if (!_bySegment.TryGetValue(record.Segment, out var holds))
        {
            return;
        }

        if (_records.TryGetValue(signature, out var previous))
        {
            _bySegment[previous.Segment].Remove(signature);
        }

        _records[signature] = record;
        holds.Add(signature);
    }

    /// <summary>Forgets <paramref name="signature"/> if it still points at <paramref name="record"/> (not at a newer copy).</summary>
    public void Remove(string signature, CacheRecord record)
    {
        if (_records.TryGetValue(signature, out var current) && current == record)
        {
            _records.Remove(signature);
            _bySegment[record.Segment].Remove(signature);
        }
    }

    /// <summary>Forgets a segment and every block that still points into it.</summary>
    public void RemoveSegment(CacheSegment segment)
    {
        if (_bySegment.Remove(segment, out var holds))
        {
            foreach (var signature in holds)
            {
                _records.Remove(signature);
            }
        }
    }

    /// <summary>The blocks whose live copy is in <paramref name="segment"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, CacheRecord>> RecordsIn(CacheSegment segment) =>
        _bySegment.TryGetValue(segment, out var holds) ? holds.Select(s => KeyValuePair.Create(s, _records[s])).ToList() : [];
}
