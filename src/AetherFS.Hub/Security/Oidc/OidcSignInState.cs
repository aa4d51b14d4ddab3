using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace AetherFS.Hub.Security.Oidc;

/// <summary>
/// What a browser carries between <c>/ui/login/oidc</c> and the issuer's redirect back: the state the callback must
/// echo (no login CSRF), the PKCE verifier (a stolen code is useless without it) and where to return. It lives in a
/// short HttpOnly cookie scoped to the callback, so any hub on the store can finish a sign-in another one began.
/// </summary>
internal sealed record OidcSignInState(string State, string Verifier, string ReturnPath)
{
    public const string CookieName = "aetherfs_oidc";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static OidcSignInState Start(string returnPath) => new(Random(), Random(), returnPath);

    /// <summary>The PKCE S256 challenge of <see cref="Verifier"/>.</summary>
    public string Challenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public void Save(HttpResponse response) =>
        response.Cookies.Append(CookieName, $"{State}.{Verifier}.{Base64UrlEncoder.Encode(ReturnPath)}", Options(response.HttpContext.Request, Lifetime));

    public static void Clear(HttpResponse response) => response.Cookies.Delete(CookieName, Options(response.HttpContext.Request, null));

    /// <summary>The state this browser began with, when <paramref name="echoed"/> is its state; else null.</summary>
    public static OidcSignInState? Matching(HttpRequest request, string? echoed)
    {
        if (echoed is null || !request.Cookies.TryGetValue(CookieName, out var cookie) || cookie is null)
        {
            return null;
        }

        var parts = cookie.Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts[0]), Encoding.ASCII.GetBytes(echoed)))
        {
            return null;
        }

        try
        {
            return new OidcSignInState(parts[0], parts[1], Base64UrlEncoder.Decode(parts[2]));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    // Lax: the issuer sends the browser back with a top-level GET, which carries Lax cookies; other sites' POSTs do not.
    private static CookieOptions Options(HttpRequest request, TimeSpan? maxAge) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = Ui.UiPaths.OidcSignIn,
        Secure = request.IsHttps,
        IsEssential = true,
        MaxAge = maxAge,
    };
}
