namespace AetherFS.Client.Hub;

/// <summary>A credential that can change while a client lives (an access token renewed before it expires).</summary>
public interface IHubCredentialSource
{
    /// <summary>The credential to send on the next request.</summary>
    ValueTask<HubCredential> CurrentAsync(CancellationToken cancellationToken);
}
