namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>A service (confidential client) of the issuer.</summary>
public sealed record OidcService(string Secret, IReadOnlyList<string> Groups);
