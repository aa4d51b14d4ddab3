using System.Text.Json;
using AetherFS.Client.Hub;

namespace AetherFS.Client.Credentials;

/// <summary>
/// The credentials of <c>aetherfs auth login</c>, per hub, in <c>credentials.json</c> of a directory only its owner
/// may enter (0700), in a file only its owner may read (0600). Every change holds a lock file, re-reads the file and
/// replaces it by rename, so two commands logging in at once both land and a reader never sees half a file.
/// </summary>
public sealed class CredentialStore
{
    public const string FileName = "credentials.json";
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerOnlyFile | UnixFileMode.UserExecute;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    public CredentialStore(string directory) => Directory = directory;

    public string Directory { get; }

    public string FilePath => Path.Join(Directory, FileName);

    /// <summary>Entries are kept per scheme, host and port: the same hub however its URL is spelled.</summary>
    public static string KeyOf(Uri hub) => hub.GetLeftPart(UriPartial.Authority);

    public HubCredential? Find(Uri hub) => Read().Hubs.GetValueOrDefault(KeyOf(hub))?.ToCredential();

    /// <summary>Every entry, by hub key.</summary>
    public IReadOnlyDictionary<string, StoredCredential> All() => Read().Hubs;

    public StoredCredential? FindEntry(Uri hub) => Read().Hubs.GetValueOrDefault(KeyOf(hub));

    public Task SaveAsync(Uri hub, HubCredential credential, CancellationToken cancellationToken) =>
        SaveAsync(hub, StoredCredential.From(credential), cancellationToken);

    public Task SaveAsync(Uri hub, StoredCredential entry, CancellationToken cancellationToken) =>
        UpdateAsync(document => document.Hubs[KeyOf(hub)] = entry, cancellationToken);

    /// <summary>
    /// Renews a hub's OpenID Connect login under the lock: <paramref name="renew"/> sees the entry as stored now (so
    /// of two commands renewing at once, the second finds the first one's fresh token and uses it, instead of
    /// spending a refresh token the issuer already rotated) and answers the entry to keep.
    /// </summary>
    public async Task<OidcCredential?> RenewAsync(Uri hub, Func<OidcCredential, Task<OidcCredential>> renew, CancellationToken cancellationToken)
    {
        OidcCredential? renewed = null;
        await UpdateAsync(
            async document =>
            {
                if (document.Hubs.GetValueOrDefault(KeyOf(hub))?.Oidc is { } current)
                {
                    renewed = await renew(current);
                    document.Hubs[KeyOf(hub)] = new StoredCredential { Oidc = renewed };
                }
            },
            cancellationToken);
        return renewed;
    }

    /// <summary>Forgets a hub's credentials; false when none were stored.</summary>
    public async Task<bool> RemoveAsync(Uri hub, CancellationToken cancellationToken)
    {
        var removed = false;
        await UpdateAsync(document => removed = document.Hubs.Remove(KeyOf(hub)), cancellationToken);
        return removed;
    }

    private CredentialsDocument Read()
    {
        try
        {
            using var file = File.OpenRead(FilePath);
            return JsonSerializer.Deserialize(file, CredentialsJsonContext.Default.CredentialsDocument) ?? new CredentialsDocument();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new CredentialsDocument();
        }
        catch (JsonException e)
        {
            // Never quote the file: it holds secrets.
            throw new IOException($"the credentials file {FilePath} is not valid JSON (line {e.LineNumber + 1}); fix or remove it", e);
        }
    }

    private Task UpdateAsync(Action<CredentialsDocument> change, CancellationToken cancellationToken) =>
        UpdateAsync(
            document =>
            {
                change(document);
                return Task.CompletedTask;
            },
            cancellationToken);

    private async Task UpdateAsync(Func<CredentialsDocument, Task> change, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory, OwnerOnlyDirectory);
        // A directory made before (by hand, by an older version) is narrowed too: it holds secrets.
        File.SetUnixFileMode(Directory, OwnerOnlyDirectory);
        await using var held = await LockAsync(cancellationToken);
        var document = Read();
        await change(document);
        var temporary = Path.Join(Directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile };
            await using (var file = new FileStream(temporary, options))
            {
                await JsonSerializer.SerializeAsync(file, document, CredentialsJsonContext.Default.CredentialsDocument, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // An exclusive lock on a file beside it (flock under FileShare.None), between processes and within one: the
    // read-change-write above must not interleave with another's, or one login would undo the other.
    private async Task<FileStream> LockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Join(Directory, $".{FileName}.lock");
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, UnixCreateMode = OwnerOnlyFile });
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
            }
        }
    }
}
