using System.Text.Json;

namespace AetherFS.Client.Credentials;

/// <summary>Reads the <c>oidc</c> object of a hub's <c>/api/v1/auth/config</c>, refusing what a login cannot use.</summary>
public static class HubOidcSettingsParser
{
    public static HubOidcSettings? Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("oidc", out var oidc) || oidc.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var issuer = Text(oidc, "issuer");
        var clientId = Text(oidc, "clientId");
        var audience = Text(oidc, "audience");
        if (issuer is null || clientId is null || audience is null || !Uri.TryCreate(issuer, UriKind.Absolute, out var issuerUri))
        {
            return null;
        }

        var scopes = oidc.TryGetProperty("scopes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).Where(s => s.Length > 0).ToArray()
            : [];
        return new HubOidcSettings(issuerUri, clientId, audience, scopes.Length > 0 ? scopes : ["openid", "offline_access"]);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
