using System.Net;
using AetherFS.Hub.Security.Sessions;

namespace AetherFS.IntegrationTests.Security;

/// <summary>
/// What a browser does with the web UI's sign-in, over plain HTTP: cookies and redirects by hand, so tests see every
/// Set-Cookie and every 303 the hub answers.
/// </summary>
public static class UiSignIn
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static HttpClient Client(Uri hub) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = hub, Timeout = Timeout };

    /// <summary>Posts the form as a page of the hub would (same origin) and answers the response.</summary>
    public static Task<HttpResponseMessage> PostFormAsync(HttpClient http, string path, IReadOnlyDictionary<string, string> fields, string? cookie = null, string? origin = "self", string? fetchSite = "same-origin")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin == "self" ? http.BaseAddress!.GetLeftPart(UriPartial.Authority) : origin);
        }

        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookie.Name}={cookie}");
        }

        return http.SendAsync(request);
    }

    /// <summary>Signs in through the form and answers the session secret from the cookie the hub set.</summary>
    public static async Task<string> SignInAsync(Uri hub, string user, string password = AuthHubFixture.Password)
    {
        using var http = Client(hub);
        using var response = await PostFormAsync(http, "/ui/login", new Dictionary<string, string> { ["user"] = user, ["password"] = password, ["return"] = "/ui/" });
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return SessionCookieOf(response) ?? throw new InvalidOperationException("no session cookie set");
    }

    /// <summary>The value the response sets the session cookie to (empty when it clears it), or null when it sets none.</summary>
    public static string? SessionCookieOf(HttpResponseMessage response) =>
        SetCookieOf(response) is { } header ? header[(SessionCookie.Name.Length + 1)..header.IndexOf(';', StringComparison.Ordinal)] : null;

    public static string? SetCookieOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.FirstOrDefault(v => v.StartsWith(SessionCookie.Name + "=", StringComparison.Ordinal)) : null;

    /// <summary>A GET carrying only the cookie, as a browser's navigation (Accept: text/html) or an API call.</summary>
    public static Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? cookie, bool page = false, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{SessionCookie.Name}={cookie}");
        }

        request.Headers.Add("Accept", page ? "text/html,application/xhtml+xml" : "application/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return http.SendAsync(request);
    }
}
