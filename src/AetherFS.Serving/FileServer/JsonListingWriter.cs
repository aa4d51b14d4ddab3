using System.Text.Json;
using AetherFS.Core.Manifests;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// A listing as JSON: <c>{"path":"/a/","entries":[{"name","type","size","modifiedAt","target"?}]}</c>, with the
/// manifest's type names ("file", "dir", "symlink"). Written in chunks, so a huge directory never sits whole
/// in memory as text.
/// </summary>
internal static class JsonListingWriter
{
    public const string ContentType = "application/json; charset=utf-8";

    private const int FlushThreshold = 16 * 1024;

    public static async Task WriteAsync(DirectoryListing listing, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("path", listing.Path);
        json.WriteStartArray("entries");
        foreach (var entry in listing.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", entry.Name);
            json.WriteString("type", TypeName(entry.Type));
            json.WriteNumber("size", entry.Size);
            json.WriteString("modifiedAt", DateTime.SpecifyKind(entry.ModifiedAt, DateTimeKind.Utc));
            if (entry.Target is not null)
            {
                json.WriteString("target", entry.Target);
            }

            json.WriteEndObject();
            if (json.BytesPending > FlushThreshold)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    public static string TypeName(EntryType type) => type switch
    {
        EntryType.File => "file",
        EntryType.Directory => "dir",
        _ => "symlink",
    };
}
