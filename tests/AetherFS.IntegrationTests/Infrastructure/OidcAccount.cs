namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>A test account of the issuer.</summary>
public sealed record OidcAccount(IReadOnlyList<string> Groups, string? Email = null, bool EmailVerified = false);
