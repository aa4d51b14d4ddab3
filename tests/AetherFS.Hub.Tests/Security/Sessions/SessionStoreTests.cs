using AetherFS.Hub.Security;
using AetherFS.Hub.Security.Sessions;
using AetherFS.Hub.Security.Tokens;
using AetherFS.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;

namespace AetherFS.Hub.Tests.Security.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("aetherfs-sessions-").FullName;
    private readonly CancellationTokenSource _cancellation = new(Timeout);

    public void Dispose()
    {
        _cancellation.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Create_StoresOnlyTheSecretsHash_WithThePrincipalAndExpiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new SessionStore(Blobs(), time);

        var (secret, session) = await store.CreateAsync("dana", PrincipalKind.User, ["from-oidc"], _cancellation.Token);

        var file = Assert.Single(Directory.GetFiles(Path.Join(_root, "auth", "sessions")));
        Assert.Equal(SessionSecret.Hash(secret), Path.GetFileName(file));
        var json = await File.ReadAllTextAsync(file, _cancellation.Token);
        Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"User\"", json, StringComparison.Ordinal);
        Assert.Equal(time.GetUtcNow() + SessionStore.Lifetime, session.Expires);
        var found = await new SessionStore(Blobs(), time).FindAsync(secret, _cancellation.Token);
        Assert.Equal("dana", found?.Name);
        Assert.Equal(["from-oidc"], found?.Groups);
    }

    [Fact]
    public async Task Find_RefusesEndedExpiredAndMalformedSecrets()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var first = new SessionStore(Blobs(), time);
        var second = new SessionStore(Blobs(), time);
        var (ended, _) = await first.CreateAsync("bob", PrincipalKind.User, null, _cancellation.Token);
        var (expiring, _) = await first.CreateAsync("carol", PrincipalKind.User, null, _cancellation.Token);
        Assert.NotNull(await second.FindAsync(ended, _cancellation.Token));

        await first.EndAsync(ended, _cancellation.Token);
        Assert.Null(await first.FindAsync(ended, _cancellation.Token));
        time.Advance(ApiTokenStore.CacheFor);
        Assert.Null(await second.FindAsync(ended, _cancellation.Token));

        time.Advance(SessionStore.Lifetime);
        Assert.Null(await second.FindAsync(expiring, _cancellation.Token));
        Assert.Empty(Directory.GetFiles(Path.Join(_root, "auth", "sessions")));
        Assert.Null(await first.FindAsync("../../tokens/x", _cancellation.Token));
        Assert.Null(await first.FindAsync(string.Empty, _cancellation.Token));
    }

    [Fact]
    public async Task SignIn_SweepsRecordsOfSessionsLongExpired()
    {
        var store = new SessionStore(Blobs(), TimeProvider.System);
        var (abandoned, _) = await store.CreateAsync("bob", PrincipalKind.User, null, _cancellation.Token);
        var abandonedFile = Path.Join(_root, "auth", "sessions", SessionSecret.Hash(abandoned));
        File.SetLastWriteTimeUtc(abandonedFile, DateTime.UtcNow - SessionStore.Lifetime - TimeSpan.FromHours(1));

        // A new hub (the sweep runs at most hourly per hub) signing someone in.
        var (fresh, _) = await new SessionStore(Blobs(), TimeProvider.System).CreateAsync("carol", PrincipalKind.User, null, _cancellation.Token);

        Assert.False(File.Exists(abandonedFile));
        Assert.True(File.Exists(Path.Join(_root, "auth", "sessions", SessionSecret.Hash(fresh))));
    }

    private LocalBlobStore Blobs() => new(new LocalBlobStoreOptions { RootPath = _root });
}
