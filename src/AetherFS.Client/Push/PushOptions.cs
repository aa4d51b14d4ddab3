using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Client.Push;

/// <summary>How a push cuts and uploads its data.</summary>
public sealed class PushOptions
{
    public ChunkingParameters Chunking { get; init; } = ChunkingParameters.Default;

    /// <summary>zstd level for uploaded blocks: 0 stores them raw, 1 (fastest) to 19 (smallest).</summary>
    public int CompressionLevel { get; init; } = DefaultCompressionLevel;

    public const int DefaultCompressionLevel = 3;

    /// <summary>
    /// Packs uploading at once while the next one fills: each is one request of up to <see cref="PackSize"/>. One is
    /// enough (the hub takes a pack faster than a client reads, hashes and compresses the next) and keeps memory at two
    /// packs; more help only on links slower than the data is read.
    /// </summary>
    public int UploadParallelism { get; init; } = 1;

    /// <summary>The size packs are cut at (stored bytes); the hub's default unless a test wants small ones.</summary>
    public int PackSize { get; init; } = Core.Packs.PackFormat.TargetSize;

    /// <summary>Bytes of blocks gathered before asking the hub which it lacks; bounds memory with the parallelism.</summary>
    public int BatchBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Where the push index lives (push-index/ under it); null reads every file on every push.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// The block cache (the pulls' too): blocks this machine holds are the bases a push sends deltas against, and a
    /// push keeps every block it uploads there, so the next push from here sends the next version as deltas. Null:
    /// every block goes full and none is kept.
    /// </summary>
    public string? BlockCacheDirectory { get; init; }

    /// <summary>Keep every uploaded block in <see cref="BlockCacheDirectory"/> (the push cache); false: bases cached before are still used.</summary>
    public bool WriteCache { get; init; } = true;

    /// <summary>Byte budget of the block cache; least recently used blocks go first, as in pulls.</summary>
    public long CacheBudgetBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>
    /// Record each file's SHA-256 in the manifest. Off by default: blocks are verified anyway, the extra hash pass
    /// slows pushes, and the 32 incompressible bytes per file dominate the manifests of many-small-file datasets.
    /// </summary>
    public bool FileDigests { get; init; }

    /// <summary>Recorded in each tag as who published it.</summary>
    public string? Publisher { get; init; }

    /// <summary>How an archive source is extracted: its limits and the leading components to strip.</summary>
    public ExtractionOptions Extraction { get; init; } = ExtractionOptions.Default;

    /// <summary>What a scan leaves out and does with special files; by default they are skipped with a warning.</summary>
    public ScanOptions Scan { get; init; } = ScanOptions.Default with { SpecialFiles = SpecialFilePolicy.Skip };

    /// <summary>Where archives are extracted (and extraction folders of dead pushes removed); the system's temp folder by default.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Told of what the push does that the user should know of but that does not fail it, one line each.</summary>
    public Action<string>? Warn { get; init; }

    /// <summary>Called with each file's path after its bytes are read: a seam for tests that change a file mid-push.</summary>
    public Action<string>? AfterFileRead { get; init; }
}
