using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using AetherFS.Hub.Security.Sessions;
using AetherFS.Hub.Security.Tokens;
using Microsoft.Extensions.Primitives;

namespace AetherFS.Hub.Security;

/// <summary>
/// Turns a request's <c>Authorization</c> header into a principal. No header is anonymous; a header that is malformed,
/// repeated, of an unknown scheme or with a wrong password is a failure, never anonymous. Unknown users are checked
/// against a dummy hash, so the time taken does not tell which user names exist. API tokens come as
/// <c>Bearer afs_...</c>, or as the password of Basic with any user name (as registries take them); any other
/// <c>Bearer</c> is a JWT for <see cref="Oidc.OidcTokenValidator"/> when the configuration has <c>oidc:</c>.
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
    private readonly ApiTokenStore _tokens;
    private readonly SessionStore _sessions;
    private readonly Oidc.OidcTokenValidator? _oidc;
    private readonly PasswordHash _dummy = PasswordHash.Parse(PasswordHash.Create(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))))!;
    private readonly byte[] _rememberKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _remembered = new(StringComparer.Ordinal);

    public Authenticator(AccessPolicy policy, LoginThrottle throttle, AuditLog audit, TimeProvider time, ApiTokenStore tokens, SessionStore sessions, Oidc.OidcTokenValidator? oidc = null)
    {
        _oidc = oidc;
        _policy = policy;
        _throttle = throttle;
        _audit = audit;
        _time = time;
        _tokens = tokens;
        _sessions = sessions;
    }

    public async ValueTask<AuthenticationOutcome> AuthenticateAsync(StringValues authorization, string address, CancellationToken cancellationToken)
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
        var credential = space < 0 ? string.Empty : header[(space + 1)..].Trim();
        if (scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            if (TokenSecret.LooksLikeToken(credential))
            {
                return await AuthenticateTokenAsync(configuration, credential, address, cancellationToken);
            }

            return _oidc is null
                ? AuthenticationOutcome.Failed("only API tokens (afs_...) are accepted as bearer tokens (this hub has no oidc)")
                : await AuthenticateOidcAsync(configuration, _oidc, credential, address, cancellationToken);
        }

        if (!scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Failed($"the {(scheme.Length == 0 ? "empty" : "'" + scheme + "'")} authorization scheme is not accepted here (use Basic or Bearer)");
        }

        if (Decode(credential) is not var (user, password))
        {
            return AuthenticationOutcome.Failed("malformed Basic credentials");
        }

        if (TokenSecret.LooksLikeToken(password))
        {
            return await AuthenticateTokenAsync(configuration, password, address, cancellationToken);
        }

        return CheckPassword(configuration, user, password, address);
    }

    /// <summary>
    /// A user name and password from the web UI's sign-in form, checked, throttled and audited exactly as Basic
    /// credentials are (API tokens are not taken here: a session must not outlive or exceed a token's scope).
    /// </summary>
    public AuthenticationOutcome SignIn(string user, string password, string address) =>
        _policy.Configuration is { } configuration ? CheckPassword(configuration, user, password, address) : AuthenticationOutcome.Failed("this hub has no sign-in");

    /// <summary>
    /// The principal of a web UI session cookie, with the user's rights as the configuration has them now: a user
    /// removed from it loses their sessions. An unknown, ended or expired session is a failure, never anonymous.
    /// </summary>
    public async ValueTask<AuthenticationOutcome> AuthenticateSessionAsync(string secret, CancellationToken cancellationToken)
    {
        if (_policy.Configuration is not { } configuration)
        {
            return AuthenticationOutcome.Anonymous;
        }

        if (await _sessions.FindAsync(secret, cancellationToken) is not { } session)
        {
            return AuthenticationOutcome.Failed("unknown, ended or expired session");
        }

        return session.Kind switch
        {
            PrincipalKind.User when configuration.Users.ContainsKey(session.Name) => AuthenticationOutcome.Of(configuration.PrincipalOf(session.Name)),
            PrincipalKind.User => AuthenticationOutcome.Failed("the session's user is no longer a user"),
            PrincipalKind.Anonymous or PrincipalKind.Token => AuthenticationOutcome.Failed("not a kind of session the hub makes"),
            // An OIDC sign-in keeps the groups its token carried, beside local groups of the same name, as a bearer token would.
            PrincipalKind.Oidc when configuration.Oidc is not null => AuthenticationOutcome.Of(configuration.OidcPrincipalOf(session.Name, session.Groups ?? [])),
            PrincipalKind.Oidc => AuthenticationOutcome.Failed("the hub no longer takes OIDC sign-ins"),
            // A sign-in from outside the configuration (OIDC): its groups came with it; admins are named in the configuration.
            _ => AuthenticationOutcome.Of(new Principal(session.Name, session.Kind, session.Groups ?? [], configuration.Admins.Contains(session.Name))),
        };
    }

    private AuthenticationOutcome CheckPassword(AuthConfiguration configuration, string user, string password, string address)
    {
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

    private async ValueTask<AuthenticationOutcome> AuthenticateTokenAsync(AuthConfiguration configuration, string secret, string address, CancellationToken cancellationToken)
    {
        var token = await _tokens.FindAsync(secret, cancellationToken);
        if (token is null)
        {
            return AuthenticationOutcome.Failed("unknown or revoked API token");
        }

        if (token.Expires is { } expires && expires <= _time.GetUtcNow())
        {
            return AuthenticationOutcome.Failed($"API token '{token.Name}' of {token.Owner} has expired");
        }

        // The owner's rights as the configuration has them now: a user removed from it takes their tokens along.
        if (!configuration.Users.ContainsKey(token.Owner))
        {
            return AuthenticationOutcome.Failed($"the owner of API token '{token.Name}' is no longer a user");
        }

        _audit.TokenUsed(token.Owner, token.Name, address);
        return AuthenticationOutcome.Of(configuration.PrincipalOf(token.Owner) with { Kind = PrincipalKind.Token, Scope = TokenScope.Of(token) });
    }

    private async ValueTask<AuthenticationOutcome> AuthenticateOidcAsync(AuthConfiguration configuration, Oidc.OidcTokenValidator oidc, string token, string address, CancellationToken cancellationToken)
    {
        var validation = await oidc.ValidateAsync(token, cancellationToken);
        if (validation.Name is not { } name)
        {
            return AuthenticationOutcome.Failed(validation.Failure!);
        }

        _audit.OidcTokenUsed(name, address);
        return AuthenticationOutcome.Of(configuration.OidcPrincipalOf(name, validation.Groups));
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
