using AetherFS.Core.Manifests;
using AetherFS.Serving.Versions;
using AetherFS.Serving.FileServer;

namespace AetherFS.Serving.Tests.FileServer;

public sealed class CacheValidatorsTests
{
    private const string DigestA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string DigestB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static readonly DateTime When = new DateTime(2021, 10, 5, 12, 30, 15, DateTimeKind.Utc).AddTicks(1234567);

    [Fact]
    public void ForFile_IsStrongAndDiffersByVersionAndPath()
    {
        var a = new ManifestEntry("a.txt", EntryType.File, 1, 420, When);
        var b = new ManifestEntry("b.txt", EntryType.File, 1, 420, When);

        var tag = CacheValidators.ForFile(Index(DigestA, a, b), a);

        Assert.False(tag.IsWeak);
        Assert.NotEqual(tag, CacheValidators.ForFile(Index(DigestA, a, b), b));
        Assert.NotEqual(tag, CacheValidators.ForFile(Index(DigestB, a, b), a));
        Assert.Equal(tag, CacheValidators.ForFile(Index(DigestA, a, b), a));
    }

    [Fact]
    public void ForFile_UsesTheFileDigestWhenTheManifestHasOne()
    {
        var sha = new string('c', 64);
        var file = new ManifestEntry("a.txt", EntryType.File, 1, 420, When, Sha256: sha);

        Assert.Equal($"\"{sha}\"", CacheValidators.ForFile(Index(DigestA, file), file).Tag.ToString());
        Assert.Equal(CacheValidators.ForFile(Index(DigestA, file), file), CacheValidators.ForFile(Index(DigestB, file), file));
    }

    [Fact]
    public void ForListing_IsWeakAndDiffersByFormat()
    {
        var index = Index(DigestA);

        var html = CacheValidators.ForListing(index, "/", "html");

        Assert.True(html.IsWeak);
        Assert.NotEqual(html, CacheValidators.ForListing(index, "/", "json"));
    }

    [Fact]
    public void LastModified_DropsFractionsOfASecond()
    {
        var file = new ManifestEntry("a.txt", EntryType.File, 1, 420, When);

        Assert.Equal(new DateTimeOffset(2021, 10, 5, 12, 30, 15, TimeSpan.Zero), CacheValidators.LastModified(file));
    }

    [Theory]
    [InlineData("data.json", "application/json")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("image.PNG", "image/png")]
    [InlineData("page.html", "text/html")]
    [InlineData("blob.unknownext", "application/octet-stream")]
    [InlineData("no-extension", "application/octet-stream")]
    public void ContentTypes_FollowTheExtension(string name, string expected)
    {
        Assert.Equal(expected, ContentTypes.For(name));
    }

    private static ManifestIndex Index(string digest, params ManifestEntry[] entries)
    {
        var bytes = entries.Sum(e => e.Size);
        BlockRef[] blocks = bytes > 0 ? [new BlockRef(new string('0', 64), (int)bytes)] : [];
        return new ManifestIndex(digest, new Manifest(ChunkingParameters.Default, entries, blocks));
    }
}
