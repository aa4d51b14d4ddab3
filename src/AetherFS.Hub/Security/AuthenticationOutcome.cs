namespace AetherFS.Hub.Security;

/// <summary>What the credentials of a request prove: a principal, or why not (never anonymous when they were wrong).</summary>
internal sealed record AuthenticationOutcome(Principal? Principal, string? Failure, TimeSpan? RetryAfter)
{
    public static readonly AuthenticationOutcome Anonymous = new(Security.Principal.Anonymous, null, null);

    public static AuthenticationOutcome Of(Principal principal) => new(principal, null, null);

    public static AuthenticationOutcome Failed(string reason) => new(null, reason, null);

    /// <summary>Too many wrong passwords for this user from this address: refused before the password is checked.</summary>
    public static AuthenticationOutcome Throttled(TimeSpan retryAfter) => new(null, "too many failed logins; try again later", retryAfter);
}
