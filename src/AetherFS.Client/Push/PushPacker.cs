using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;

namespace AetherFS.Client.Push;

/// <summary>
/// The blocks of a push that the hub lacks, compressed (on every core) and gathered into packs in the order they
/// come, so a later pull reads neighbours in one range. Each signature is asked about and packed once per push.
/// </summary>
internal sealed class PushPacker : IDisposable
{
    private readonly HashSet<string> _asked = new(StringComparer.Ordinal);
    private readonly int _compressionLevel;
    private readonly PackBuilder _builder;

    public PushPacker(int packSize, int compressionLevel)
    {
        // Packs wait for their upload in spool files (tens of MiB each), not in memory.
        _builder = new PackBuilder(Path.Join(Path.GetTempPath(), "aetherfs-packs"), packSize);
        _compressionLevel = compressionLevel;
    }

    /// <summary>Asks the hub which blocks of the batch it lacks and packs those; answers the packs that filled up.</summary>
    public async Task<IReadOnlyList<BuiltPack>> AddMissingAsync(List<PooledBlock> batch, HubClient hub, string pushId, CancellationToken cancellationToken)
    {
        var candidates = batch.Select(b => b.Signature).Where(s => !_asked.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var missing = (await hub.FindMissingBlocksAsync(candidates, pushId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        _asked.UnionWith(candidates);
        var toPack = batch.Where(b => missing.Remove(b.Signature)).ToList();
        var payloads = new PooledBuffer[toPack.Count];
        try
        {
            // Compressing here spreads it over the cores; only blocks the hub lacks pay for it.
            Parallel.For(0, toPack.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => payloads[i] = BlockPayload.Encode(toPack[i].Memory.Span, _compressionLevel));
            var full = new List<BuiltPack>();
            for (var i = 0; i < toPack.Count; i++)
            {
                _builder.Add(toPack[i].Signature, payloads[i].Span);
                if (_builder.IsFull)
                {
                    full.Add(_builder.Build());
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
        }
    }

    /// <summary>The last, partly filled pack; null when nothing is waiting.</summary>
    public BuiltPack? Flush() => _builder.Count > 0 ? _builder.Build() : null;

    public void Dispose() => _builder.Dispose();
}
