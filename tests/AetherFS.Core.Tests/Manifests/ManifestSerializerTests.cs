using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Tests.Manifests;

public sealed class ManifestSerializerTests
{
    private static readonly DateTime Time = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);

    [Fact]
    public void Parse_RoundTripsEveryEntryType()
    {
        var manifest = Sample();

        var parsed = ManifestSerializer.Parse(ManifestSerializer.ToCanonicalBytes(manifest));

        Assert.Equal(manifest.Chunking, parsed.Chunking);
        Assert.Equal(manifest.Entries, parsed.Entries);
        Assert.Equal(manifest.Blocks, parsed.Blocks);
    }

    [Fact]
    public void Parse_KeepsModificationTimesTo100Nanoseconds()
    {
        var parsed = ManifestSerializer.Parse(ManifestSerializer.ToCanonicalBytes(Sample()));

        Assert.All(parsed.Entries, e => Assert.Equal(Time.Ticks, e.ModifiedAt.Ticks));
        Assert.All(parsed.Entries, e => Assert.Equal(DateTimeKind.Utc, e.ModifiedAt.Kind));
    }

    [Fact]
    public void Parse_RoundTripsUnicodePaths()
    {
        var manifest = new Manifest(
            ChunkingParameters.FixedSize(1024),
            [
                new ManifestEntry("données/ünïcode 日本語.txt", EntryType.File, 0, 0x1A4, Time),
                new ManifestEntry("emoji-😀", EntryType.Directory, 0, 0x1ED, Time),
                new ManifestEntry("quote\"back\\slash", EntryType.Symlink, 0, 0x1FF, Time, "données/ünïcode 日本語.txt"),
            ],
            []);

        var parsed = ManifestSerializer.Parse(ManifestSerializer.ToCanonicalBytes(manifest));

        Assert.Equal(manifest.Entries, parsed.Entries);
    }

    [Fact]
    public void ToCanonicalBytes_IsDeterministic()
    {
        var first = ManifestSerializer.ToCanonicalBytes(Sample());
        var second = ManifestSerializer.ToCanonicalBytes(Sample());

        Assert.Equal(first, second);
        Assert.Equal(first, ManifestSerializer.ToCanonicalBytes(ManifestSerializer.Parse(first)));
    }

    [Fact]
    public void ToCanonicalBytes_WritesCompactJsonWithFixedPropertyOrder()
    {
        var manifest = new Manifest(
            ChunkingParameters.FixedSize(1024),
            [new ManifestEntry("a", EntryType.File, 3, 0x1A4, new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), null, Sig("abc"))],
            [new BlockRef(Sig("abc"), 3)]);

        var json = Encoding.UTF8.GetString(ManifestSerializer.ToCanonicalBytes(manifest));

        Assert.Equal(
            "{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},"
            + "\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"size\":3,\"mode\":420,\"mtime\":\"2024-01-02T03:04:05.0000000Z\",\"sha256\":\"" + Sig("abc") + "\"}],"
            + "\"blocks\":[{\"sig\":\"" + Sig("abc") + "\",\"size\":3}]}",
            json);
    }

    [Fact]
    public void ToCanonicalBytes_OmitsSizeOfNonFilesAndAbsentOptionals()
    {
        var manifest = new Manifest(
            ChunkingParameters.FixedSize(1024),
            [new ManifestEntry("d", EntryType.Directory, 0, 0x1ED, Time)],
            []);

        var json = Encoding.UTF8.GetString(ManifestSerializer.ToCanonicalBytes(manifest));

        Assert.DoesNotContain("\"size\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"target\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"sha256\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(" ", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToCanonicalBytes_DiffersWhenAnyFieldDiffers()
    {
        var original = Sample();
        var changed = new Manifest(original.Chunking, [.. original.Entries.Select((e, i) => i == 0 ? e with { Mode = 0x180 } : e)], original.Blocks);

        Assert.NotEqual(ManifestSerializer.ToCanonicalBytes(original), ManifestSerializer.ToCanonicalBytes(changed));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("{\"schemaVersion\":1}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\"},\"entries\":[],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":\"1\",\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":{},\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[],\"blocks\":[{\"sig\":\"ab\"}]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[],\"blocks\":[{\"sig\":\"ab\",\"size\":99999999999}]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"type\":\"file\",\"size\":1,\"mode\":420,\"mtime\":\"2024-01-02T03:04:05.0000000Z\"}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"path\":\"a\",\"size\":1,\"mode\":420,\"mtime\":\"2024-01-02T03:04:05.0000000Z\"}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"size\":1,\"mtime\":\"2024-01-02T03:04:05.0000000Z\"}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"size\":1,\"mode\":420}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"size\":1,\"mode\":420,\"mtime\":\"yesterday\"}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"path\":\"a\",\"type\":\"file\",\"size\":\"1\",\"mode\":420,\"mtime\":\"2024-01-02T03:04:05.0000000Z\"}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[{\"path\":7,\"type\":\"file\",\"size\":1,\"mode\":420,\"mtime\":\"2024-01-02T03:04:05.0000000Z\"}],\"blocks\":[]}")]
    [InlineData("{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[[[[[[[[[[]]]]]]]]]],\"blocks\":[]}")]
    public void Parse_ThrowsManifestFormatExceptionOnMalformedJson(string json)
    {
        Assert.Throws<ManifestFormatException>(() => ManifestSerializer.Parse(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Parse_RejectsUnknownEntryType()
    {
        var json = "{\"schemaVersion\":1,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},"
            + "\"entries\":[{\"path\":\"a\",\"type\":\"fifo\",\"mode\":420,\"mtime\":\"2024-01-02T03:04:05.0000000Z\"}],\"blocks\":[]}";

        var e = Assert.Throws<ManifestFormatException>(() => ManifestSerializer.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("fifo", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RejectsOtherSchemaVersions()
    {
        var json = "{\"schemaVersion\":2,\"chunking\":{\"algorithm\":\"fixed\",\"blockSize\":1024},\"entries\":[],\"blocks\":[]}";

        var e = Assert.Throws<ManifestFormatException>(() => ManifestSerializer.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("schema version 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AcceptsNonCanonicalWhitespace()
    {
        var json = "{ \"schemaVersion\": 1, \"chunking\": { \"algorithm\": \"fixed\", \"blockSize\": 2048 }, \"entries\": [ ], \"blocks\": [ ] }";

        var parsed = ManifestSerializer.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(2048, parsed.Chunking.BlockSize);
        Assert.Empty(parsed.Entries);
    }

    private static Manifest Sample() => new(
        ChunkingParameters.FixedSize(1024),
        [
            new ManifestEntry("a.txt", EntryType.File, 5, 0x1A4, Time, null, Sig("hello")),
            new ManifestEntry("dir", EntryType.Directory, 0, 0x1ED, Time),
            new ManifestEntry("dir/empty", EntryType.File, 0, 0x180, Time),
            new ManifestEntry("dir/link", EntryType.Symlink, 0, 0x1FF, Time, "../a.txt"),
            new ManifestEntry("exec.sh", EntryType.File, 3, 0x9ED, Time, null, Sig("abc")),
        ],
        [new BlockRef(Sig("helloabc"), 8)]);

    private static string Sig(string text) => BlockSignature.Compute(Encoding.UTF8.GetBytes(text));
}
