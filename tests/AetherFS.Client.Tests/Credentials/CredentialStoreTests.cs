using AetherFS.Client.Credentials;
using AetherFS.Client.Hub;

namespace AetherFS.Client.Tests.Credentials;

public sealed class CredentialStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ManyWritersAtOnce_AllLand()
    {
        // Separate stores on one directory, as separate commands would be: only the lock file orders them.
        var writes = Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            new CredentialStore(_temp.Combine("aetherfs")).SaveAsync(new Uri($"https://hub-{i}.example:8443/"), HubCredential.Password($"user{i}", $"pw{i}"), CancellationToken.None)));
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(60));

        var all = new CredentialStore(_temp.Combine("aetherfs")).All();
        Assert.Equal(16, all.Count);
        Assert.Equal("user7", all["https://hub-7.example:8443"].Username);
    }

    [Fact]
    public async Task Entries_AreKeptPerHub_HoweverItsUrlIsSpelled()
    {
        var store = new CredentialStore(_temp.Combine("aetherfs"));

        await store.SaveAsync(new Uri("https://Hub.Example:8443/api"), HubCredential.Token("t"), CancellationToken.None);

        Assert.Equal("t", store.Find(new Uri("https://hub.example:8443/"))!.Secret);
        Assert.Null(store.Find(new Uri("http://hub.example:8443/")));
    }

    [Fact]
    public void Credential_ToString_NeverShowsTheSecret()
    {
        Assert.DoesNotContain("xyzzy", HubCredential.Password("alice", "xyzzy-1").ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("plugh", HubCredential.Token("plugh-2").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_IsOwnerOnly_InAnOwnerOnlyDirectory()
    {
        var store = new CredentialStore(_temp.Combine("aetherfs"));

        await store.SaveAsync(new Uri("http://hub:8080"), HubCredential.Token("t"), CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(store.Directory));
    }
}
