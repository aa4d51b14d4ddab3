namespace AetherFS.Hub.Usage;

/// <summary>Pulls, bytes served and distinct clients summed over usage objects (of one reference, one day, or all).</summary>
internal sealed class UsageTotals
{
    public long Pulls { get; private set; }

    public long BytesServed { get; private set; }

    public ClientSet Clients { get; } = new();

    public void Add(ReferenceUsage usage, bool clientsCapped)
    {
        Pulls += usage.Pulls;
        BytesServed += usage.BytesServed;
        Clients.Add(usage.Clients, clientsCapped);
    }
}
