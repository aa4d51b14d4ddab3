using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Security;

/// <summary>The principal the access middleware authenticated for this request; anonymous when it did not run.</summary>
internal static class Caller
{
    private static readonly object Key = new();

    public static Principal Of(HttpContext context) => context.Items.TryGetValue(Key, out var principal) && principal is Principal p ? p : Principal.Anonymous;

    public static void Set(HttpContext context, Principal principal) => context.Items[Key] = principal;
}
