using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Packs;

namespace AetherFS.Client.Push;

/// <summary>
/// The blocks of a push that the hub lacks, compressed (on every core), as deltas against the previous version's
/// blocks where that is smaller (<see cref="PushDeltaEncoder"/>), and gathered into packs in the order they come,
/// so a later pull reads neighbours in one range. Each signature is asked about and packed once per push.
/// </summary>
internal sealed class PushPacker : IDisposable
{
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly int _compressionLevel;
    private readonly PushDeltaEncoder? _deltas;
    private readonly PackBuilder _builder;
    private int _deltaBlocks;
    private long _deltaBytes;

    public PushPacker(int packSize, int compressionLevel, PushDeltaEncoder? deltas)
    {
        // Packs wait for their upload in spool files (tens of MiB each), not in memory.
        _builder = new PackBuilder(Path.Join(Path.GetTempPath(), "aetherfs-packs"), packSize);
        _compressionLevel = compressionLevel;
        _deltas = deltas;
    }

    /// <summary>
    /// Asks the hub which blocks of the batch it lacks and packs those; answers the packs that filled up.
    /// <paramref name="start"/> is the batch's offset in the packed stream.
    /// </summary>
    public async Task<IReadOnlyList<PushPack>> AddMissingAsync(List<PooledBlock> batch, long start, HubClient hub, string pushId, CancellationToken cancellationToken)
    {
        var candidates = batch.Select(b => b.Signature).Where(s => !_asked.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var starts = new long[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            starts[i] = start;
            start += batch[i].Length;
        }

        var bases = new IReadOnlyList<IReadOnlyList<DeltaBase>>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            bases[i] = _deltas?.CandidatesFor(starts[i], batch[i].Length) ?? [];
        }

        // The bases go into the same question, so the hub claims them for this push (a collection cannot take them
        // before the deltas that need them arrive); a base the hub lacks is not used.
        var asked = candidates.ToHashSet(StringComparer.Ordinal);
        var baseSignatures = bases.SelectMany(c => c).SelectMany(c => c).Select(b => b.Signature).Where(asked.Add).ToList();
        var missing = (await hub.FindMissingBlocksAsync([.. candidates, .. baseSignatures], pushId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        _asked.UnionWith(candidates);
        var toPack = Enumerable.Range(0, batch.Count).Where(i => missing.Remove(batch[i].Signature)).ToList();
        var usable = toPack.Select(i => bases[i].Where(c => c.All(b => !missing.Contains(b.Signature))).ToList()).ToList();
        var read = _deltas is null ? [] : await _deltas.ReadBasesAsync(usable.SelectMany(c => c).SelectMany(c => c), cancellationToken);
        var payloads = new PushPayload[toPack.Count];
        try
        {
            // Compressing and trial encoding here spreads them over the cores; only blocks the hub lacks pay for it.
            Parallel.For(0, toPack.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                payloads[i] = _deltas is null
                    ? new PushPayload(BlockPayload.Encode(batch[toPack[i]].Memory.Span, _compressionLevel), null)
                    : _deltas.Encode(batch[toPack[i]].Memory.Span, usable[i], read));
            var full = new List<PushPack>();
            for (var i = 0; i < toPack.Count; i++)
            {
                var signature = batch[toPack[i]].Signature;
                _builder.Add(signature, payloads[i].Sent);
                if (payloads[i].Delta is { } delta)
                {
                    _deltaBlocks++;
                    _deltaBytes += delta.Length;
                }

                if (_deltas is { KeepsPushedBlocks: true })
                {
                    await _deltas.Cache.PutAsync(signature, payloads[i].Full.Memory, cancellationToken);
                }

                if (_builder.IsFull)
                {
                    full.Add(Build());
                }
            }

            return full;
        }
        finally
        {
            foreach (var payload in payloads)
            {
                payload?.Dispose();
            }

            foreach (var block in read.Values)
            {
                block.Dispose();
            }
        }
    }

    /// <summary>The last, partly filled pack; null when nothing is waiting.</summary>
    public PushPack? Flush() => _builder.Count > 0 ? Build() : null;

    public void Dispose() => _builder.Dispose();

    private PushPack Build()
    {
        var pack = new PushPack(_builder.Build(), _deltaBlocks, _deltaBytes);
        _deltaBlocks = 0;
        _deltaBytes = 0;
        return pack;
    }
}
