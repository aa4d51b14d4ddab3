using AetherFS.Client.Fetch;
using AetherFS.Core.Blocks;

namespace AetherFS.Mount.Datasets;

/// <summary>The verified blocks one read gathered, from one or more fetches; disposing returns their buffers.</summary>
internal sealed class ReadBlocks : IDisposable
{
    private readonly List<FetchedBlocks> _fetches = [];
    private readonly Dictionary<string, FetchedBlocks> _bySignature = new(StringComparer.Ordinal);

    public PooledBlock this[string signature] => _bySignature[signature][signature];

    public void Add(FetchedBlocks fetched, IEnumerable<string> signatures)
    {
        _fetches.Add(fetched);
        foreach (var signature in signatures)
        {
            _bySignature[signature] = fetched;
        }
    }

    public void Dispose()
    {
        _fetches.ForEach(fetched => fetched.Dispose());
        _fetches.Clear();
        _bySignature.Clear();
    }
}
