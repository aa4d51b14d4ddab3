using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace AetherFS.Hub.Security;

/// <summary>
/// Turns a request's <c>Authorization</c> header into a principal. No header is anonymous; a header that is malformed,
/// repeated, of an unknown scheme or with a wrong password is a failure, never anonymous. Unknown users are checked
/// against a dummy hash, so the time taken does not tell which user names exist.
/// </summary>
internal sealed class Authenticator
{
    // A verified password is remembered briefly (by a keyed hash, never the password), because PBKDF2 is slow on
    // purpose and a pull sends the same credentials on every request.
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(1);
    private const int MaxRemembered = 10_000;

    private readonly AccessPolicy _policy;
    private readonly LoginThrottle _throttle;
    private readonly AuditLog _audit;
    private readonly TimeProvider _time;
    private readonly PasswordHash _dummy = PasswordHash.Parse(PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))))!;
    private readonly byte[] _rememberKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _remembered = new(StringComparer.Ordinal);

    public Authenticator(AccessPolicy policy, LoginThrottle throttle, AuditLog audit, TimeProvider time)
    {
        _policy = policy;
        _throttle = throttle;
        _audit = audit;
        _time = time;
    }

    public AuthenticationOutcome Authenticate(StringValues authorization, string address)
    {
        if (_policy.Configuration is not { } configuration)
        {
            return AuthenticationOutcome.Anonymous;
        }

        if (authorization.Count == 0)
        {
            return AuthenticationOutcome.Anonymous;
        }

        if (authorization.Count > 1)
        {
            return AuthenticationOutcome.Failed("more than one Authorization header");
        }

        var header = authorization[0] ?? string.Empty;
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? header : header[..space];
        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Failed($"the {(scheme.Length == 0 ? "empty" : "'" + scheme + "'")} authorization scheme is not accepted here (use Basic)");
        }

        if (Decode(header[(space + 1)..].Trim()) is not var (user, password))
        {
            return AuthenticationOutcome.Failed("malformed Basic credentials");
        }

        if (_throttle.RetryAfter(user, address) is { } retryAfter)
        {
            _audit.LoginThrottled(user, address);
            return AuthenticationOutcome.Throttled(retryAfter);
        }

        var rememberKey = Convert.ToBase64String(HMACSHA256.HashData(_rememberKey, Encoding.UTF8.GetBytes(user + "\0" + password)));
        if (_remembered.TryGetValue(rememberKey, out var until) && until > _time.GetUtcNow() && configuration.Users.ContainsKey(user))
        {
            return AuthenticationOutcome.Of(configuration.PrincipalOf(user));
        }

        var known = configuration.Users.TryGetValue(user, out var hash);
        var verified = (hash ?? _dummy).Verify(password) && known;
        if (!verified)
        {
            _throttle.Failed(user, address);
            _audit.LoginFailed(user, address);
            return AuthenticationOutcome.Failed("wrong user name or password");
        }

        _throttle.Succeeded(user, address);
        if (_remembered.Count > MaxRemembered)
        {
            _remembered.Clear();
        }

        _remembered[rememberKey] = _time.GetUtcNow() + RememberFor;
        _audit.LoggedIn(user, address);
        return AuthenticationOutcome.Of(configuration.PrincipalOf(user));
    }

    private static (string User, string Password)? Decode(string encoded)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon <= 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
