namespace AetherFS.Hub.Ui;

/// <summary>The sign-in form: user name and password, posted to the hub, which sends the browser back where it was.</summary>
internal static class SignInPage
{
    /// <param name="returnPath">A local path, already checked.</param>
    /// <param name="message">Why the form is shown again (a wrong password, an ended session), or null.</param>
    /// <param name="offerGuest">Whether to offer going back without signing in (after a session ended).</param>
    /// <param name="oidc">Whether to offer signing in through the hub's OpenID Connect issuer.</param>
    public static string Render(string returnPath, string? message, string? user = null, bool offerGuest = false, bool oidc = false)
    {
        var body = new HtmlWriter().Element("h1", "Sign in");
        if (message is not null)
        {
            body.Element("p", message, ("class", "message"), ("id", "sign-in-message"), ("role", "alert"));
        }

        body.Open("form", ("method", "post"), ("action", UiPaths.SignIn), ("class", "sign-in"))
            .Open("input", ("type", "hidden"), ("name", "return"), ("value", returnPath))
            .Raw("<label>User name ")
            .Open("input", ("name", "user"), ("id", "user"), ("autocomplete", "username"), ("required", "required"), ("value", user), ("autofocus", user is null ? "autofocus" : null))
            .Raw("</label><label>Password ")
            .Open("input", ("type", "password"), ("name", "password"), ("id", "password"), ("autocomplete", "current-password"), ("required", "required"), ("autofocus", user is null ? null : "autofocus"))
            .Raw("</label><button type=\"submit\">Sign in</button></form>");
        if (oidc)
        {
            body.Open("p", ("class", "sign-in-oidc")).Link($"{UiPaths.OidcSignIn}?return={Uri.EscapeDataString(returnPath)}", "Sign in with OpenID Connect").Raw("</p>");
        }

        if (offerGuest)
        {
            body.Open("p", ("class", "note")).Link(returnPath, "Continue without signing in").Raw("</p>");
        }

        return UiLayout.Page(UiAccount.Hidden, "Sign in", [("Datasets", UiPaths.Root), ("Sign in", null)], body);
    }
}
