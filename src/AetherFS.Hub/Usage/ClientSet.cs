namespace AetherFS.Hub.Usage;

/// <summary>Distinct client hashes, told apart up to <see cref="Limit"/>; past that the count is a lower bound and says so.</summary>
internal sealed class ClientSet
{
    public const int Limit = 100_000;

    private readonly HashSet<string> _clients = new(StringComparer.Ordinal);

    public int Count => _clients.Count;

    public bool Capped { get; private set; }

    public void Add(IEnumerable<string> clients, bool capped)
    {
        Capped |= capped;
        foreach (var client in clients)
        {
            if (_clients.Count < Limit)
            {
                _clients.Add(client);
            }
            else if (!_clients.Contains(client))
            {
                Capped = true;
            }
        }
    }
}
