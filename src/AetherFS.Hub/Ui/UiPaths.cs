namespace AetherFS.Hub.Ui;

/// <summary>
/// URLs of the web UI and of the file server it links to. Dataset names and file paths hold '/', so each segment
/// is escaped on its own and the slashes stay.
/// </summary>
internal static class UiPaths
{
    public const string Root = "/ui/";
    public const string Assets = "/ui/assets/";
    public const string Datasets = "/ui/datasets/";
    public const string SignIn = "/ui/login";
    public const string SignOut = "/ui/logout";
    public const string OidcSignIn = "/ui/login/oidc";
    public const string OidcCallback = "/ui/login/oidc/callback";
    public const string SwaggerUi = "/swagger/";
    public const string OpenApiDocument = "/openapi/v1.json";

    /// <summary>The sign-in page, which sends the browser back to <paramref name="returnPath"/> (a local path) afterwards.</summary>
    public static string Login(string returnPath, bool ended = false) =>
        $"{SignIn}?return={Uri.EscapeDataString(returnPath)}" + (ended ? "&ended=1" : string.Empty);

    public static string Dataset(string name) => Datasets + Segments(name) + "/";

    public static string Tree(string name, string tag, string directory) =>
        $"{Datasets}{Segments(name)}/-/tree/{Uri.EscapeDataString(tag)}/" + (directory.Length == 0 ? string.Empty : Segments(directory) + "/");

    /// <param name="file">A changed file to show the line diff of.</param>
    public static string Compare(string name, string from, string to, string? file = null) =>
        $"{Datasets}{Segments(name)}/-/compare?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}"
        + (file is null ? string.Empty : $"&file={Uri.EscapeDataString(file)}");

    /// <summary>
    /// A file of a version through the file server, by digest (the link keeps working when the tag moves),
    /// escaped as the file server's own links are.
    /// </summary>
    public static string File(string name, string digest, string path) =>
        $"/fs/{FileServerSegments(name)}@{digest}/{FileServerSegments(path)}";

    public static string Segments(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    private static string FileServerSegments(string path) => string.Join('/', path.Split('/').Select(Serving.FileServer.UrlSegment.Escape));
}
