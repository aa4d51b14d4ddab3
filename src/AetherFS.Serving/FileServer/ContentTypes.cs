using Microsoft.AspNetCore.StaticFiles;

namespace AetherFS.Serving.FileServer;

/// <summary>Content-Type by file extension, as ASP.NET's static files serve them.</summary>
internal static class ContentTypes
{
    public const string Default = "application/octet-stream";

    private static readonly FileExtensionContentTypeProvider Provider = new();

    public static string For(string fileName) => Provider.TryGetContentType(fileName, out var type) ? type : Default;
}
