using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace AetherFS.Core.Manifests;

/// <summary>
/// Writes manifests in their one canonical JSON form (fixed property order, no whitespace, absent optionals
/// omitted) and reads them back. The digest of a manifest is the SHA-256 of exactly these bytes.
/// </summary>
public static class ManifestSerializer
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    public static byte[] ToCanonicalBytes(Manifest manifest)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + (manifest.Entries.Count * 128) + (manifest.Blocks.Count * 90));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", Manifest.CurrentSchemaVersion);
            writer.WriteStartObject("chunking");
            writer.WriteString("algorithm", manifest.Chunking.Algorithm);
            if (manifest.Chunking.Algorithm == ChunkingParameters.Fixed)
            {
                writer.WriteNumber("blockSize", manifest.Chunking.BlockSize);
            }
            else
            {
                writer.WriteNumber("minSize", manifest.Chunking.MinSize);
                writer.WriteNumber("avgSize", manifest.Chunking.AverageSize);
                writer.WriteNumber("maxSize", manifest.Chunking.MaxSize);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("entries");
            foreach (var entry in manifest.Entries)
            {
                WriteEntry(writer, entry);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("blocks");
            foreach (var block in manifest.Blocks)
            {
                writer.WriteStartObject();
                writer.WriteString("sig", block.Signature);
                writer.WriteNumber("size", block.Size);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Parses manifest JSON; throws <see cref="ManifestFormatException"/> on anything malformed.</summary>
    public static Manifest Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = document.RootElement;
            var schema = root.GetProperty("schemaVersion").GetInt32();
            if (schema != Manifest.CurrentSchemaVersion)
            {
                throw new ManifestFormatException($"unsupported manifest schema version {schema}");
            }

            var chunking = ReadChunking(root.GetProperty("chunking"));

            var entries = new List<ManifestEntry>(root.GetProperty("entries").GetArrayLength());
            foreach (var element in root.GetProperty("entries").EnumerateArray())
            {
                entries.Add(ReadEntry(element));
            }

            var blocks = new List<BlockRef>(root.GetProperty("blocks").GetArrayLength());
            foreach (var element in root.GetProperty("blocks").EnumerateArray())
            {
                blocks.Add(new BlockRef(
                    element.GetProperty("sig").GetString() ?? string.Empty,
                    element.GetProperty("size").GetInt32()));
            }

            return new Manifest(chunking, entries, blocks);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ManifestFormatException($"malformed manifest: {e.Message}", e);
        }
    }

    private static ChunkingParameters ReadChunking(JsonElement element)
    {
        var algorithm = element.GetProperty("algorithm").GetString() ?? string.Empty;
        if (element.TryGetProperty("blockSize", out var blockSize))
        {
            var size = blockSize.GetInt32();
            return new ChunkingParameters(algorithm, size, size, size);
        }

        return new ChunkingParameters(
            algorithm,
            element.GetProperty("minSize").GetInt32(),
            element.GetProperty("avgSize").GetInt32(),
            element.GetProperty("maxSize").GetInt32());
    }

    private static void WriteEntry(Utf8JsonWriter writer, ManifestEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("path", entry.Path);
        writer.WriteString("type", TypeName(entry.Type));
        if (entry.Type == EntryType.File)
        {
            writer.WriteNumber("size", entry.Size);
        }

        writer.WriteNumber("mode", entry.Mode);
        writer.WriteString("mtime", entry.ModifiedAt.ToString(TimeFormat, CultureInfo.InvariantCulture));
        if (entry.Target is not null)
        {
            writer.WriteString("target", entry.Target);
        }

        if (entry.Sha256 is not null)
        {
            writer.WriteString("sha256", entry.Sha256);
        }

        writer.WriteEndObject();
    }

    private static ManifestEntry ReadEntry(JsonElement element)
    {
        var type = ParseType(element.GetProperty("type").GetString());
        var size = element.TryGetProperty("size", out var sizeElement) ? sizeElement.GetInt64() : 0;
        var mtime = DateTime.ParseExact(
            element.GetProperty("mtime").GetString() ?? string.Empty,
            TimeFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        return new ManifestEntry(
            element.GetProperty("path").GetString() ?? string.Empty,
            type,
            size,
            element.GetProperty("mode").GetInt32(),
            mtime,
            element.TryGetProperty("target", out var target) ? target.GetString() : null,
            element.TryGetProperty("sha256", out var sha) ? sha.GetString() : null);
    }

    private static string TypeName(EntryType type) => type switch
    {
        EntryType.File => "file",
        EntryType.Directory => "dir",
        EntryType.Symlink => "symlink",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static EntryType ParseType(string? name) => name switch
    {
        "file" => EntryType.File,
        "dir" => EntryType.Directory,
        "symlink" => EntryType.Symlink,
        _ => throw new ManifestFormatException($"unknown entry type '{name}'"),
    };
}
