using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Security;

/// <summary>
/// The audit trail: every login, denial, write and delete as one structured line naming the principal, under the
/// <c>AetherFS.Hub.Security.AuditLog</c> category. Passwords and credentials are never among the fields.
/// </summary>
internal sealed partial class AuditLog
{
    private readonly ILogger<AuditLog> _logger;

    public AuditLog(ILogger<AuditLog> logger) => _logger = logger;

    public void LoggedIn(string user, string address) => Log.LoggedIn(_logger, user, address);

    public void LoginFailed(string user, string address) => Log.LoginFailed(_logger, user, address);

    public void LoggedOut(string user, string address) => Log.LoggedOut(_logger, user, address);

    public void LoginThrottled(string user, string address) => Log.LoginThrottled(_logger, user, address);

    public void TokenUsed(string owner, string token, string address) => Log.TokenUsed(_logger, owner, token, address);

    public void OidcTokenUsed(string user, string address) => Log.OidcTokenUsed(_logger, user, address);

    public void TokenCreated(Principal by, string owner, string token) => Log.TokenCreated(_logger, by.Name, owner, token);

    public void TokenRevoked(Principal by, string owner, string token) => Log.TokenRevoked(_logger, by.Name, owner, token);

    public void Unauthenticated(string reason, string surface, string target, string address) => Log.Unauthenticated(_logger, reason, surface, target, address);

    public void Denied(Principal principal, string surface, string target, string action, string address) =>
        Log.Denied(_logger, principal.Name, Kind(principal), action, surface, target, address);

    public void Changed(Principal principal, string surface, string target, string action, int status, string address) =>
        Log.Changed(_logger, principal.Name, Kind(principal), action, surface, target, status, address);

    private static string Kind(Principal principal) => principal.Kind.ToString().ToLowerInvariant();

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "audit login principal={Principal} address={Address} outcome=ok")]
        public static partial void LoggedIn(ILogger logger, string principal, string address);

        [LoggerMessage(2, LogLevel.Warning, "audit login principal={Principal} address={Address} outcome=failed")]
        public static partial void LoginFailed(ILogger logger, string principal, string address);

        [LoggerMessage(3, LogLevel.Warning, "audit login principal={Principal} address={Address} outcome=throttled")]
        public static partial void LoginThrottled(ILogger logger, string principal, string address);

        [LoggerMessage(4, LogLevel.Warning, "audit unauthenticated reason={Reason} surface={Surface} target={Target} address={Address}")]
        public static partial void Unauthenticated(ILogger logger, string reason, string surface, string target, string address);

        [LoggerMessage(5, LogLevel.Warning, "audit denied principal={Principal} kind={Kind} action={Action} surface={Surface} target={Target} address={Address}")]
        public static partial void Denied(ILogger logger, string principal, string kind, string action, string surface, string target, string address);

        [LoggerMessage(6, LogLevel.Information, "audit change principal={Principal} kind={Kind} action={Action} surface={Surface} target={Target} status={Status} address={Address}")]
        public static partial void Changed(ILogger logger, string principal, string kind, string action, string surface, string target, int status, string address);

        [LoggerMessage(7, LogLevel.Debug, "audit token principal={Principal} token={Token} address={Address} outcome=ok")]
        public static partial void TokenUsed(ILogger logger, string principal, string token, string address);

        [LoggerMessage(8, LogLevel.Information, "audit token-created by={By} owner={Owner} token={Token}")]
        public static partial void TokenCreated(ILogger logger, string by, string owner, string token);

        [LoggerMessage(20, LogLevel.Information, "audit logout principal={Principal} address={Address}")]
        public static partial void LoggedOut(ILogger logger, string principal, string address);

        [LoggerMessage(9, LogLevel.Information, "audit token-revoked by={By} owner={Owner} token={Token}")]
        public static partial void TokenRevoked(ILogger logger, string by, string owner, string token);

        [LoggerMessage(10, LogLevel.Debug, "audit oidc principal={Principal} address={Address} outcome=ok")]
        public static partial void OidcTokenUsed(ILogger logger, string principal, string address);
    }
}
