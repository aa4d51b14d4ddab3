using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Protocol.Dataset.V1;
using AetherFS.Protocol.Grpc.Mapping;
using Google.Protobuf;
using DatasetMessage = AetherFS.Protocol.Dataset.V1.Dataset;

namespace AetherFS.Protocol.Tests.Grpc.Mapping;

public sealed class DatasetMapperTests
{
    // Sub-microsecond: the last tick (100 ns) must survive the trip through google.protobuf.Timestamp.
    private static readonly DateTime Time = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1_234_567);
    private static readonly DateTime BeforeEpoch = new DateTime(1969, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(1);

    public static TheoryData<string> Chunkings => [ChunkingParameters.FastCdc, ChunkingParameters.Fixed];

    [Theory]
    [MemberData(nameof(Chunkings))]
    public void ToManifest_RestoresAManifestWithTheSameCanonicalBytesAndDigest(string algorithm)
    {
        var manifest = Sample(algorithm);
        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);
        var digest = Digest.Compute(bytes);

        var message = DatasetMapper.ToMessage(manifest, digest);
        var restored = DatasetMapper.ToManifest(DatasetMessage.Parser.ParseFrom(message.ToByteArray()));

        Assert.Equal(bytes, ManifestSerializer.ToCanonicalBytes(restored));
        Assert.Equal(message.Digest, Digest.Compute(ManifestSerializer.ToCanonicalBytes(restored)));
    }

    [Fact]
    public void ToManifest_RestoresEveryEntryFieldForField()
    {
        var manifest = Sample(ChunkingParameters.FastCdc);

        var restored = DatasetMapper.ToManifest(DatasetMapper.ToMessage(manifest, Digest.Compute([])));

        Assert.Equal(manifest.Chunking, restored.Chunking);
        Assert.Equal(manifest.Entries, restored.Entries);
        Assert.Equal(manifest.Blocks, restored.Blocks);
        Assert.All(restored.Entries, e => Assert.Equal(DateTimeKind.Utc, e.ModifiedAt.Kind));
    }

    [Fact]
    public void ToManifest_RestoresAnEmptyDataset()
    {
        var manifest = new Manifest(ChunkingParameters.Default, [], []);
        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);

        var restored = DatasetMapper.ToManifest(DatasetMapper.ToMessage(manifest, Digest.Compute(bytes)));

        Assert.Equal(bytes, ManifestSerializer.ToCanonicalBytes(restored));
    }

    [Fact]
    public void ToManifest_KeepsTheEarliestAndLatestTimesAManifestCanHold()
    {
        var manifest = new Manifest(
            ChunkingParameters.Default,
            [
                new ManifestEntry("first", EntryType.Directory, 0, 0x1ED, DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc)),
                new ManifestEntry("last", EntryType.Directory, 0, 0x1ED, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc)),
            ],
            []);
        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);

        var restored = DatasetMapper.ToManifest(DatasetMapper.ToMessage(manifest, Digest.Compute(bytes)));

        Assert.Equal(bytes, ManifestSerializer.ToCanonicalBytes(restored));
    }

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Local)]
    public void ToMessage_KeepsTheDigestOfTimesNotMarkedUtc(DateTimeKind kind)
    {
        // Manifests store UTC times whatever the kind says; the message must not shift them by a time zone.
        var manifest = new Manifest(
            ChunkingParameters.FixedSize(1024),
            [new ManifestEntry("a", EntryType.File, 3, 0x1A4, DateTime.SpecifyKind(Time, kind), null, Sig("abc"))],
            [new BlockRef(Sig("abc"), 3)]);
        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);

        var restored = DatasetMapper.ToManifest(DatasetMapper.ToMessage(manifest, Digest.Compute(bytes)));

        Assert.Equal(bytes, ManifestSerializer.ToCanonicalBytes(restored));
    }

    [Fact]
    public void ToMessage_CarriesTheDigestTotalSizeAndEveryField()
    {
        var manifest = Sample(ChunkingParameters.FastCdc);
        var digest = Digest.Compute(ManifestSerializer.ToCanonicalBytes(manifest));

        var message = DatasetMapper.ToMessage(manifest, digest);

        Assert.Equal(digest, message.Digest);
        Assert.Equal(new Chunking { Algorithm = "fastcdc", MinSize = 16 * 1024, AvgSize = 64 * 1024, MaxSize = 256 * 1024 }, message.Chunking);
        Assert.Equal(8, message.TotalSize);
        Assert.Equal(manifest.Entries.Select(e => e.Path), message.Files.Select(f => f.Path));
        Assert.Equal(
            [FileType.File, FileType.Directory, FileType.File, FileType.Symlink, FileType.File, FileType.File],
            message.Files.Select(f => f.Type));

        var file = message.Files[0];
        Assert.Equal(5, file.Size);
        Assert.Equal(0x1A4u, file.Mode);
        Assert.Equal(Sig("hello"), file.Sha256);
        Assert.Equal(Time.Ticks % TimeSpan.TicksPerSecond * 100, file.ModifiedAt.Nanos);
        Assert.Equal(string.Empty, file.Target);

        var link = message.Files[3];
        Assert.Equal("../a.txt", link.Target);
        Assert.Equal(string.Empty, link.Sha256);

        Assert.Equal(new Dataset.V1.Block { Signature = Sig("helloabc"), Size = 8 }, message.Blocks.Single());
    }

    [Fact]
    public void ToManifest_AcceptsTheLargestMode()
    {
        var message = DatasetMapper.ToMessage(Sample(ChunkingParameters.Fixed), Digest.Compute([]));
        message.Files[0].Mode = 0xFFF;

        Assert.Equal(0xFFF, DatasetMapper.ToManifest(message).Entries[0].Mode);
    }

    [Theory]
    [InlineData("no chunking")]
    [InlineData("unspecified type")]
    [InlineData("unknown type")]
    [InlineData("mode above 0o7777")]
    [InlineData("no modification time")]
    [InlineData("modification time with too many nanoseconds")]
    [InlineData("modification time after year 9999")]
    [InlineData("min size above int range")]
    [InlineData("average size above int range")]
    [InlineData("max size above int range")]
    [InlineData("block size above int range")]
    public void ToManifest_RejectsMessagesNoManifestCanHold(string flaw)
    {
        var message = DatasetMapper.ToMessage(Sample(ChunkingParameters.FastCdc), Digest.Compute([]));
        switch (flaw)
        {
            case "no chunking": message.Chunking = null; break;
            case "unspecified type": message.Files[1].Type = FileType.Unspecified; break;
            case "unknown type": message.Files[1].Type = (FileType)9; break;
            case "mode above 0o7777": message.Files[2].Mode = 0x1000; break;
            case "no modification time": message.Files[2].ModifiedAt = null; break;
            case "modification time with too many nanoseconds": message.Files[2].ModifiedAt.Nanos = 1_000_000_000; break;
            case "modification time after year 9999": message.Files[2].ModifiedAt.Seconds = 253_402_300_800; break;
            case "min size above int range": message.Chunking.MinSize = int.MaxValue + 1u; break;
            case "average size above int range": message.Chunking.AvgSize = int.MaxValue + 1u; break;
            case "max size above int range": message.Chunking.MaxSize = uint.MaxValue; break;
            case "block size above int range": message.Blocks[0].Size = int.MaxValue + 1u; break;
            default: throw new ArgumentOutOfRangeException(nameof(flaw));
        }

        Assert.Throws<ManifestFormatException>(() => DatasetMapper.ToManifest(message));
    }

    [Fact]
    public void ToMessage_DescribesWhereATagPointsAndWhoMovedIt()
    {
        var record = new TagRecord(Digest.Compute("m"u8), Time, "ci@example.org");

        var message = DatasetMapper.ToMessage("geo/maxmind", "v21.10", record);

        Assert.Equal(new Tag { Name = "geo/maxmind", Version = "v21.10" }, message.Tag);
        Assert.Equal(record.Digest, message.Digest);
        Assert.Equal(Time, message.PublishedAt.ToDateTime());
        Assert.Equal("ci@example.org", message.Publisher);
    }

    [Fact]
    public void ToMessage_LeavesThePublisherEmptyWhenUnknown()
    {
        var message = DatasetMapper.ToMessage("geo", "latest", new TagRecord(Digest.Compute("m"u8), Time, null));

        Assert.Equal(string.Empty, message.Publisher);
    }

    private static Manifest Sample(string algorithm) => new(
        algorithm == ChunkingParameters.Fixed ? ChunkingParameters.FixedSize(4096) : ChunkingParameters.Default,
        [
            new ManifestEntry("a.txt", EntryType.File, 5, 0x1A4, Time, null, Sig("hello")),
            new ManifestEntry("dir", EntryType.Directory, 0, 0x1ED, BeforeEpoch),
            new ManifestEntry("dir/empty", EntryType.File, 0, 0x180, Time.AddTicks(1)),
            new ManifestEntry("dir/link", EntryType.Symlink, 0, 0x1FF, Time, "../a.txt"),
            new ManifestEntry("exec.sh", EntryType.File, 3, 0x9ED, DateTime.UnixEpoch, null, Sig("abc")),
            new ManifestEntry("données/日本語 😀.txt", EntryType.File, 0, 0x124, Time),
        ],
        [new BlockRef(Sig("helloabc"), 8)]);

    private static string Sig(string text) => BlockSignature.Compute(Encoding.UTF8.GetBytes(text));
}
