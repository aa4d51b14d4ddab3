namespace AetherFS.Agent.Configuration;

/// <summary>Settings of <c>aetherfs run agent</c>, from flags, environment and an optional config file.</summary>
public sealed class AgentOptions
{
    public required Uri Hub { get; init; }

    public required IReadOnlyList<SyncSpec> Syncs { get; init; }

    /// <summary>Datasets mounted read-only with FUSE at their directories, following their tags.</summary>
    public IReadOnlyList<SyncSpec> Mounts { get; init; } = [];

    public required string CacheDirectory { get; init; }

    /// <summary>The disk block cache's byte budget; blocks of the versions on disk are pinned beyond it.</summary>
    public long CacheBudgetBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Port of the local file server, AgentAPI and health; 0 picks a free one.</summary>
    public int Port { get; init; } = 8081;

    /// <summary>Loopback by default: the agent serves the app beside it.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>PEM certificate (chain) for TLS; with <see cref="TlsKeyPath"/>, the port speaks HTTPS and gRPC over TLS (ALPN h2).</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>Private roots to trust for the hub's certificate, and the credential to send it.</summary>
    public Client.Hub.HubConnectionOptions HubConnection { get; init; } = new();

    /// <summary>A shell command run after each swap, with AETHERFS_DATASET, _TAG, _DIGEST and _PATH set.</summary>
    public string? OnUpdate { get; init; }

    /// <summary>The longest wait between reconnection attempts (the backoff doubles up to it, with jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Other agents' addresses (<c>--peers</c>) to share blocks with; this agent's own may be among them.</summary>
    public IReadOnlyList<Uri> Peers { get; init; } = [];

    /// <summary>A name whose every address is a peer, re-read every <see cref="PeerDnsInterval"/> (<c>--peers-dns</c>).</summary>
    public PeerDnsName? PeersDns { get; init; }

    public TimeSpan PeerDnsInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The shared cluster token every peer request carries (<c>--peer-token-file</c>, env AETHERFS_PEER_TOKEN).</summary>
    public string? PeerToken { get; init; }

    /// <summary>Given with <c>--peer-mode</c>; otherwise serve when peers are configured, off when not.</summary>
    public PeerMode? PeerModeSetting { get; init; }

    /// <summary>How long a peer may stay silent before this agent gives up on it for the hub (and sets it aside).</summary>
    public TimeSpan PeerIdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a peer may stay silent before what it has not sent is asked of the hub too (a hedge).</summary>
    public TimeSpan PeerHedgeAfter { get; init; } = Client.Peers.PeerFetcher.DefaultHedgeAfter;

    public bool HasPeers => Peers.Count > 0 || PeersDns is not null;

    public PeerMode PeerMode => PeerModeSetting ?? (HasPeers ? PeerMode.Serve : PeerMode.Off);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Syncs.Count == 0 && Mounts.Count == 0)
        {
            throw new ArgumentException("nothing to sync: give at least one --sync NAME:TAG=DIR or --mount NAME:TAG=DIR (or a config file)");
        }

        var clash = Syncs.Concat(Mounts).GroupBy(s => s.Directory, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"two subscriptions share the directory {clash.Key}");
        }

        // The agent writes versions/ and current into each directory and prunes old versions there: never in a home,
        // a working directory or a system directory, whose owner would not expect it. Mount points are fine: the agent
        // never replaces DIR itself, and a volume mounted at DIR is how a sidecar gets one.
        var protectedDirectories = new Client.Pull.ProtectedDirectories(
            Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), Directory.GetCurrentDirectory(), static () => new HashSet<string>());
        foreach (var sync in Syncs)
        {
            if (protectedDirectories.Reason(sync.Directory) is { } reason)
            {
                throw new ArgumentException($"refusing to sync {sync.Name}:{sync.Tag} into '{sync.Directory}': {reason}; use a directory of its own");
            }
        }

        // A mount hides what its directory holds while it lasts: the same directories are off limits.
        foreach (var mount in Mounts)
        {
            if (protectedDirectories.Reason(mount.Directory) is { } reason)
            {
                throw new ArgumentException($"refusing to mount {mount.Name}:{mount.Tag} on '{mount.Directory}': {reason}; use a directory of its own");
            }
        }

        if ((TlsCertificatePath is null) != (TlsKeyPath is null))
        {
            throw new ArgumentException("give both a TLS certificate and its key (--tls-cert-path and --tls-key-path), or neither");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port {Port} is outside 0..65535");
        }

        if (CacheBudgetBytes <= 0)
        {
            throw new ArgumentException("the cache size must be positive");
        }

        ValidatePeers();
    }

    private void ValidatePeers()
    {
        if (Peers.Count > 0 && PeersDns is not null)
        {
            throw new ArgumentException("give peers as a list (--peers) or a DNS name (--peers-dns), not both");
        }

        if (PeerMode == PeerMode.Off)
        {
            return;
        }

        if (!HasPeers)
        {
            throw new ArgumentException($"--peer-mode {(PeerMode == PeerMode.Serve ? "serve" : "fetch-only")} needs peers: give --peers URL,URL,... or --peers-dns NAME");
        }

        if (string.IsNullOrEmpty(PeerToken))
        {
            throw new ArgumentException("peers need the cluster token: give --peer-token-file FILE or set AETHERFS_PEER_TOKEN (the same on every agent)");
        }

        if (PeerToken.Length < Client.Peers.PeerProtocol.MinTokenLength)
        {
            throw new ArgumentException($"the cluster token is too short: use at least {Client.Peers.PeerProtocol.MinTokenLength} characters (e.g. openssl rand -hex 32)");
        }
    }
}
