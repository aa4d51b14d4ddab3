using AetherFS.Core.Deltas;

namespace AetherFS.Hub.Deltas;

/// <summary>
/// The last few base finders by (held, wanted) version. Agents following a dataset fetch a new version in many
/// requests, all naming the same pair; building a finder indexes both manifests' blocks, which for a large version
/// would cost more than the request. A handful suffices: one pair per dataset being rolled out.
/// </summary>
internal sealed class DeltaPlanCache
{
    public const int Capacity = 8;

    private readonly LinkedList<((string Have, string Version) Key, DeltaBaseFinder Finder)> _recent = new();
    private readonly Lock _lock = new();

    public DeltaBaseFinder? Find(string have, string version)
    {
        lock (_lock)
        {
            for (var node = _recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == (have, version))
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                    return node.Value.Finder;
                }
            }

            return null;
        }
    }

    public void Add(string have, string version, DeltaBaseFinder finder)
    {
        lock (_lock)
        {
            _recent.AddFirst(((have, version), finder));
            while (_recent.Count > Capacity)
            {
                _recent.RemoveLast();
            }
        }
    }
}
