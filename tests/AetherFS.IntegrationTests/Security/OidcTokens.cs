using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AetherFS.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// Tokens made in the test: good ones signed with the issuer's real key (as it would issue them), and the forgeries
/// a hub must refuse (expired, not yet valid, wrong issuer or audience, alg none, HS256 keyed with the public key,
/// an unknown kid, a key embedded in the header).
/// </summary>
public static class OidcTokens
{
    /// <summary>Each kind of bad token, and the reason the hub's audit log gives for refusing it.</summary>
    public static readonly IReadOnlyDictionary<string, string> BadKinds = new Dictionary<string, string>
    {
        ["expired"] = "the bearer token has expired",
        ["not-yet-valid"] = "the bearer token is not valid yet (nbf)",
        ["wrong-issuer"] = "the bearer token is from another issuer",
        ["wrong-audience"] = "the bearer token is for another audience",
        ["alg-none"] = "the bearer token's algorithm is not accepted",
        ["hs256-public-key"] = "the bearer token's algorithm is not accepted",
        ["unknown-kid"] = "the bearer token is signed with a key the OIDC issuer does not publish",
        ["embedded-jwk"] = "bearer tokens that carry their own key (jwk, jku, x5u, x5c) are refused",
        ["bad-signature"] = "the bearer token's signature is wrong",
    };

    /// <summary>A token for <paramref name="subject"/> as the issuer would make it.</summary>
    public static string Good(OidcIssuer issuer, string subject, IReadOnlyList<string>? groups = null, IDictionary<string, object>? claims = null) =>
        Create(Descriptor(issuer, subject, groups, claims), new SigningCredentials(issuer.SigningKey, SecurityAlgorithms.RsaSha256));

    public static string Bad(OidcIssuer issuer, string kind, string subject = "olivia")
    {
        var now = DateTime.UtcNow;
        var descriptor = Descriptor(issuer, subject, ["data-team"], null);
        var credentials = new SigningCredentials(issuer.SigningKey, SecurityAlgorithms.RsaSha256);
        switch (kind)
        {
            case "expired":
                // Well beyond the hub's 60 s of clock skew.
                (descriptor.IssuedAt, descriptor.NotBefore, descriptor.Expires) = (now.AddMinutes(-20), now.AddMinutes(-20), now.AddMinutes(-5));
                break;
            case "not-yet-valid":
                (descriptor.IssuedAt, descriptor.NotBefore, descriptor.Expires) = (now, now.AddMinutes(5), now.AddMinutes(20));
                break;
            case "wrong-issuer":
                descriptor.Issuer = issuer.Url + "/other";
                break;
            case "wrong-audience":
                descriptor.Audience = "another-service";
                break;
            case "alg-none":
                return Unsigned(issuer, descriptor);
            case "hs256-public-key":
                // The classic key confusion: the public key (which anyone can fetch) used as an HMAC secret.
                var publicPem = Encoding.UTF8.GetBytes(issuer.SigningKey.Rsa.ExportSubjectPublicKeyInfoPem());
                credentials = new SigningCredentials(new SymmetricSecurityKey(publicPem) { KeyId = issuer.SigningKey.KeyId }, SecurityAlgorithms.HmacSha256);
                break;
            case "unknown-kid":
                credentials = new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "not-a-key-of-the-issuer" }, SecurityAlgorithms.RsaSha256);
                break;
            case "embedded-jwk":
                // The attacker's own key, named by the issuer's kid and carried in the header (CVE-2025-24976).
                var attacker = RSA.Create(2048);
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(attacker.ExportParameters(false)));
                descriptor.AdditionalHeaderClaims = new Dictionary<string, object> { ["jwk"] = new Dictionary<string, object> { ["kty"] = "RSA", ["n"] = jwk.N, ["e"] = jwk.E } };
                credentials = new SigningCredentials(new RsaSecurityKey(attacker) { KeyId = issuer.SigningKey.KeyId }, SecurityAlgorithms.RsaSha256);
                break;
            case "bad-signature":
                var good = Create(descriptor, credentials);
                return good[..^4] + (good[^4] == 'A' ? "BBBB" : "AAAA");
            default:
                throw new ArgumentException("unknown kind of bad token: " + kind, nameof(kind));
        }

        return Create(descriptor, credentials);
    }

    private static SecurityTokenDescriptor Descriptor(OidcIssuer issuer, string subject, IReadOnlyList<string>? groups, IDictionary<string, object>? claims)
    {
        var now = DateTime.UtcNow;
        var all = new Dictionary<string, object> { ["sub"] = subject, ["client_id"] = OidcIssuer.PublicClientId };
        if (groups is not null)
        {
            all["groups"] = groups.ToArray();
        }

        foreach (var (name, value) in claims ?? new Dictionary<string, object>())
        {
            all[name] = value;
        }

        return new SecurityTokenDescriptor
        {
            Issuer = issuer.Url,
            Audience = issuer.Options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = all,
            TokenType = "at+jwt",
        };
    }

    private static string Create(SecurityTokenDescriptor descriptor, SigningCredentials credentials)
    {
        descriptor.SigningCredentials = credentials;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string Unsigned(OidcIssuer issuer, SecurityTokenDescriptor descriptor)
    {
        var header = JsonSerializer.Serialize(new Dictionary<string, object> { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = issuer.SigningKey.KeyId! });
        var payload = new Dictionary<string, object>(descriptor.Claims)
        {
            ["iss"] = descriptor.Issuer,
            ["aud"] = descriptor.Audience,
            ["iat"] = new DateTimeOffset(descriptor.IssuedAt!.Value).ToUnixTimeSeconds(),
            ["exp"] = new DateTimeOffset(descriptor.Expires!.Value).ToUnixTimeSeconds(),
        };
        return Base64UrlEncoder.Encode(header) + "." + Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload)) + ".";
    }
}
