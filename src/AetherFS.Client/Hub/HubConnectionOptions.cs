using System.Security.Cryptography.X509Certificates;

namespace AetherFS.Client.Hub;

/// <summary>How a client reaches a hub beyond its URL: whom it trusts for TLS, and whom it says it is.</summary>
public sealed class HubConnectionOptions
{
    /// <summary>Root certificates trusted besides the system's (a private CA), for hubs whose certificate they issued.</summary>
    public IReadOnlyList<X509Certificate2> TrustedRoots { get; init; } = [];

    /// <summary>Sent on every request as <c>Authorization</c>; none when null.</summary>
    public HubCredential? Credential { get; init; }

    /// <summary>Asked for the credential before every request instead of <see cref="Credential"/>, when set.</summary>
    public IHubCredentialSource? CredentialSource { get; init; }
}
