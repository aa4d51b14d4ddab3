using AetherFS.Client.Hub;

namespace AetherFS.Client.Credentials;

/// <summary>
/// The credential of a stored OpenID Connect login: its access token, renewed through the credentials file's lock
/// shortly before it expires, so a long pull keeps going and two commands renewing at once spend one refresh token.
/// </summary>
public sealed class OidcSession : IHubCredentialSource
{
    private readonly CredentialStore _store;
    private readonly Uri _hub;
    private readonly OidcTokenClient _issuer;
    private readonly TimeProvider _time;
    private OidcCredential _current;

    public OidcSession(CredentialStore store, Uri hub, OidcCredential current, OidcTokenClient issuer, TimeProvider? time = null)
    {
        _store = store;
        _hub = hub;
        _current = current;
        _issuer = issuer;
        _time = time ?? TimeProvider.System;
    }

    public async ValueTask<HubCredential> CurrentAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (!current.NeedsRenewal(_time.GetUtcNow()))
        {
            return HubCredential.Token(current.AccessToken);
        }

        // The credentials file's lock orders renewals, within this process and between processes.
        var hub = CredentialStore.KeyOf(_hub);
        try
        {
            _current = await _store.RenewAsync(_hub, RenewUnlessFreshAsync, cancellationToken)
                ?? throw new OidcLoginException($"the login to {hub} was removed");
        }
        catch (OidcLoginException e)
        {
            throw new OidcLoginException($"{e.Message}; log in again with 'aetherfs auth login {hub}'");
        }

        return HubCredential.Token(_current.AccessToken);

        // Another command may have renewed it while this one waited for the lock: use that, spend nothing.
        Task<OidcCredential> RenewUnlessFreshAsync(OidcCredential stored) =>
            stored.NeedsRenewal(_time.GetUtcNow()) ? _issuer.RenewAsync(stored, cancellationToken) : Task.FromResult(stored);
    }
}
