using AetherFS.Storage.Blobs;
using AetherFS.Storage.Claims;

namespace AetherFS.Storage.Tests.Claims;

public sealed class ClaimStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ClaimStore _store;

    public ClaimStoreTests() => _store = new ClaimStore(new LocalBlobStore(new LocalBlobStoreOptions { RootPath = _temp.Path, Fsync = false }));

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Claims_OfOnePush_ShareItsGroup_AndTheReleaseMarkerJoinsThem()
    {
        var push = ClaimStore.NewId();
        string[] items = [new string('a', 64), "sha256:" + new string('b', 64)];

        await _store.ClaimAsync(push, items, CancellationToken.None);
        await _store.ClaimAsync(push, [new string('c', 64)], CancellationToken.None);
        await _store.ReleaseAsync(push, CancellationToken.None);
        await _store.ClaimAsync(null, [new string('d', 64)], CancellationToken.None);
        var listed = await _store.ListAsync(CancellationToken.None).ToListAsync();

        Assert.Equal(4, listed.Count);
        Assert.Equal(3, listed.Count(c => c.Key.Push == push));
        Assert.Single(listed, c => c.Key.IsReleaseMarker);
        var first = listed.Single(c => c.Key.Push == push && !c.Key.IsReleaseMarker && c.Info.Size > 100);
        Assert.Equal(items, await _store.ReadAsync(first.Key, CancellationToken.None));
        Assert.StartsWith($"claims/{push}/", first.Key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingToClaim_WritesNothing()
    {
        await _store.ClaimAsync(null, [], CancellationToken.None);

        Assert.Empty(await _store.ListAsync(CancellationToken.None).ToListAsync());
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("../../../etc/passwd")]
    public async Task InvalidPushIds_AreRefused(string push)
    {
        Assert.False(ClaimStore.IsValidPushId(push));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.ClaimAsync(push, ["x"], CancellationToken.None));
    }

    [Fact]
    public void Parse_ReadsOnlyClaimKeys()
    {
        var push = ClaimStore.NewId();

        Assert.Equal(new ClaimKey(push, ClaimStore.ReleasedName), ClaimKey.Parse($"claims/{push}/released"));
        Assert.Null(ClaimKey.Parse($"claims/{push}"));
        Assert.Null(ClaimKey.Parse($"claims/{push}/other"));
        Assert.Null(ClaimKey.Parse($"blocks/{push}/{push}"));
    }
}
