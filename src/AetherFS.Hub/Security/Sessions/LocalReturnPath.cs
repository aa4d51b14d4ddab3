namespace AetherFS.Hub.Security.Sessions;

/// <summary>
/// Where the sign-in page sends a browser afterwards: only a path on this hub. <c>//host</c>, <c>/\host</c> (browsers
/// read a backslash as a slash), schemes and control characters (browsers drop tabs and newlines from URLs) would
/// make the hub an open redirect.
/// </summary>
internal static class LocalReturnPath
{
    public static string Or(string? candidate, string fallback) => IsLocal(candidate) ? candidate! : fallback;

    public static bool IsLocal(string? path) =>
        path is { Length: > 0 and <= 2048 }
        && path[0] == '/'
        && (path.Length == 1 || path[1] is not ('/' or '\\'))
        // Printable ASCII only: the value goes into a Location header as it is.
        && path.All(c => c is > ' ' and <= '~' and not '\\');
}
