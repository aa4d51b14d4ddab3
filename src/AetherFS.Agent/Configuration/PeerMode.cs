namespace AetherFS.Agent.Configuration;

/// <summary>What an agent does with its peers (<c>--peer-mode</c>).</summary>
public enum PeerMode
{
    /// <summary>No peer sharing: every block the cache lacks comes from the hub.</summary>
    Off,

    /// <summary>Fetches from peers and serves them (the default when peers are configured).</summary>
    Serve,

    /// <summary>Fetches from peers but serves none: for short-lived agents that would leave the cluster soon.</summary>
    FetchOnly,
}
