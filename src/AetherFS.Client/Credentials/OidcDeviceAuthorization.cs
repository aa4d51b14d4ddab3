namespace AetherFS.Client.Credentials;

/// <summary>A device authorization in progress: what the user must open and type, and what the client polls with.</summary>
public sealed record OidcDeviceAuthorization(
    HubOidcSettings Settings,
    string TokenEndpoint,
    string DeviceCode,
    string UserCode,
    string VerificationUri,
    string? VerificationUriComplete,
    TimeSpan Interval,
    DateTimeOffset Deadline);
