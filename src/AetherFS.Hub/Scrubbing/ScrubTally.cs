using AetherFS.Protocol.Rest;
using AetherFS.Storage.Packs;

namespace AetherFS.Hub.Scrubbing;

/// <summary>The counts of one verification as it runs, and the bad blocks and manifests it names (up to <see cref="VerifyReport.MaxListed"/> each).</summary>
internal sealed class ScrubTally
{
    private readonly List<BadBlockInfo> _badBlocks = [];
    private readonly List<BadManifestInfo> _badManifests = [];

    public long Packs { get; private set; }

    public long Blocks { get; private set; }

    public long Bytes { get; private set; }

    public long Manifests { get; private set; }

    public long BadBlockCount { get; private set; }

    public long BadManifestCount { get; private set; }

    public void CountPack(PackCheck check)
    {
        Packs++;
        Blocks += check.Blocks;
        Bytes += check.Bytes;
    }

    public void CountManifest(long bytes)
    {
        Manifests++;
        Bytes += bytes;
    }

    public void AddBadBlock(BadBlockInfo block)
    {
        if (++BadBlockCount <= VerifyReport.MaxListed)
        {
            _badBlocks.Add(block);
        }
    }

    public void AddBadManifest(BadManifestInfo manifest)
    {
        if (++BadManifestCount <= VerifyReport.MaxListed)
        {
            _badManifests.Add(manifest);
        }
    }

    public VerifyReport ToReport(DateTime startedAt, long durationMs, long? maxBytesPerSecond) =>
        new(startedAt, durationMs, maxBytesPerSecond, Packs, Blocks, Bytes, Manifests, BadBlockCount, BadManifestCount, _badBlocks, _badManifests);
}
