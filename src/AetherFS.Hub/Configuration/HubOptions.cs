using AetherFS.Core.Manifests;
using AetherFS.Storage.Blobs.S3;

namespace AetherFS.Hub.Configuration;

/// <summary>Settings of <c>aetherfs run hub</c>; each has a flag and an environment variable.</summary>
public sealed class HubOptions
{
    public const string LocalDriver = "local";

    public const string S3Driver = "s3";

    /// <summary>TCP port; 0 picks a free one (the bound address is logged).</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// The address to listen on. <c>run hub</c> picks 127.0.0.1 when neither this nor an auth configuration is given,
    /// so an open hub is reachable only from its own machine unless someone asks otherwise.
    /// </summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>The YAML file of users, groups and dataset rules (<c>--auth-config</c>); null, an open hub.</summary>
    public string? AuthConfigPath { get; set; }

    public string StorageDriver { get; set; } = LocalDriver;

    /// <summary>Root of the local-disk store; null means the per-user data directory.</summary>
    public string? StoragePath { get; set; }

    /// <summary>The bucket and how to reach it, for the s3 driver.</summary>
    public S3BlobStoreOptions? S3 { get; set; }

    /// <summary>Encryption at rest of blocks and manifests.</summary>
    public HubEncryptionOptions Encryption { get; set; } = new();

    /// <summary>The largest block the hub accepts.</summary>
    public int MaxBlockSize { get; set; } = ChunkingParameters.MaxBlockSize;

    /// <summary>
    /// Memory for blocks already read, decoded and verified (<c>--block-cache-size</c>): hot files are served from it
    /// without decoding and hashing them again.
    /// </summary>
    public long BlockCacheSize { get; set; } = 64L * 1024 * 1024;

    /// <summary>The largest manifest the hub accepts.</summary>
    public int MaxManifestSize { get; set; } = Protocol.Rest.ApiPaths.MaxManifestBytes;

    /// <summary>PEM certificate (chain) for TLS; with <see cref="TlsKeyPath"/>, the port speaks HTTPS and gRPC over TLS (ALPN h2).</summary>
    public string? TlsCertificatePath { get; set; }

    /// <summary>PEM private key of <see cref="TlsCertificatePath"/>.</summary>
    public string? TlsKeyPath { get; set; }

    /// <summary>The largest gRPC message the hub accepts or sends (a Publish carries a whole manifest).</summary>
    public int GrpcMaxMessageSize { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// How often a Subscribe stream re-reads its tags from the store, to see changes made through other hubs.
    /// Changes made through this hub reach subscribers at once.
    /// </summary>
    public TimeSpan TagPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the hub collects garbage on its own (<c>--gc-interval</c>); zero, the default, never.</summary>
    public TimeSpan GcInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Percentage of a pack's bytes that may be dead before a collection rewrites it (<c>--gc-max-unused</c>).</summary>
    public int GcMaxUnused { get; set; } = (int)(GarbageCollection.GcRunOptions.DefaultMaxUnused * 100);

    /// <summary>The grace period of those collections (<c>--gc-grace</c>): unreferenced objects younger than this stay.</summary>
    public TimeSpan GcGrace { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the hub verifies every stored block and manifest on its own (<c>--scrub-interval</c>); zero, the default, never.</summary>
    public TimeSpan ScrubInterval { get; set; } = TimeSpan.Zero;

    /// <summary>The bytes per second those verifications may read (<c>--scrub-rate</c>); null for no limit.</summary>
    public long? ScrubRate { get; set; }

    /// <summary>Whether the hub records pulls per dataset, tag and hour in the store (<c>--no-usage-stats</c> turns it off).</summary>
    public bool UsageStats { get; set; } = true;

    /// <summary>How often recorded usage is written to the store (and once more at shutdown).</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long usage objects are kept (<c>--usage-retention</c>); zero keeps them forever.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>The per-user default: $XDG_DATA_HOME/aetherfs/hub, else ~/.local/share/aetherfs/hub.</summary>
    public static string DefaultStoragePath() =>
        Path.Join(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "aetherfs", "hub");

    /// <summary>Where the hub keeps its data, for the log: a directory, or the bucket (never its credentials).</summary>
    public string DescribeStorage() => StorageDriver == S3Driver && S3 is not null ? S3.ToString() : StoragePath ?? DefaultStoragePath();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port {Port} is outside 0..65535");
        }

        if (StorageDriver is not (LocalDriver or S3Driver))
        {
            throw new ArgumentException($"unknown storage driver '{StorageDriver}' (supported: {LocalDriver}, {S3Driver})");
        }

        if (StorageDriver == S3Driver)
        {
            (S3 ?? new S3BlobStoreOptions()).Validate();
        }

        if ((TlsCertificatePath is null) != (TlsKeyPath is null))
        {
            throw new ArgumentException("TLS needs both a certificate and a key");
        }

        if (GrpcMaxMessageSize < 64 * 1024)
        {
            throw new ArgumentException("the gRPC message size limit must be at least 64 KiB");
        }

        if (TagPollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("the tag poll interval must be positive");
        }

        if (GcInterval < TimeSpan.Zero || GcGrace < TimeSpan.Zero)
        {
            throw new ArgumentException("the garbage collection interval and grace period cannot be negative");
        }

        if (ScrubInterval < TimeSpan.Zero || ScrubRate < 0)
        {
            throw new ArgumentException("the scrub interval and rate cannot be negative");
        }

        if (UsageFlushInterval <= TimeSpan.Zero || UsageRetention < TimeSpan.Zero)
        {
            throw new ArgumentException("the usage flush interval must be positive and the usage retention cannot be negative");
        }

        if (MaxBlockSize is < ChunkingParameters.MinBlockSize or > ChunkingParameters.MaxBlockSize)
        {
            throw new ArgumentException($"max block size must be between {ChunkingParameters.MinBlockSize} and {ChunkingParameters.MaxBlockSize}");
        }
    }
}
