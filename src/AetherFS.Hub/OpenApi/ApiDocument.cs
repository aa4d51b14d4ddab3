using System.Reflection;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace AetherFS.Hub.OpenApi;

/// <summary>
/// The OpenAPI document of the REST API and the file server: <c>openapi.json</c> beside this file, embedded in the
/// assembly and stamped with the hub's version. It is written by hand because the dataset routes are one catch-all
/// that no generator can describe; <c>tests/AetherFS.IntegrationTests/OpenApi</c> keeps it true to the routes.
/// </summary>
internal sealed class ApiDocument
{
    public const string ResourceName = "AetherFS.Hub.OpenApi.openapi.json";

    // Served as JSON, never inside HTML, so quotes and backticks in the descriptions can stay readable.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true };

    private ApiDocument(byte[] json)
    {
        Json = json;
        ETag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(json))[..16]}\"");
    }

    public byte[] Json { get; }

    public EntityTagHeaderValue ETag { get; }

    public static ApiDocument Load()
    {
        var assembly = typeof(ApiDocument).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        var document = JsonNode.Parse(stream)!.AsObject();
        document["info"]!["version"] = HubVersion(assembly);
        return new ApiDocument(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(Readable)));
    }

    // "0.1.0+commit" from the build: the document describes the hub that serves it.
    private static string HubVersion(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
