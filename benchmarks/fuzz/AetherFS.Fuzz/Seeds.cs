using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packs;

namespace AetherFS.Fuzz;

/// <summary>Small valid inputs for each target, made with the project's own writers so they stay current.</summary>
internal static class Seeds
{
    private static readonly DateTime Time = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
    private static readonly byte[] Hello = Encoding.UTF8.GetBytes("hello, world\n");

    public static IEnumerable<byte[]> Manifests()
    {
        var signature = BlockSignature.Compute(Hello);
        var manifest = new Manifest(
            ChunkingParameters.Default,
            [
                new ManifestEntry("data", EntryType.Directory, 0, 0b111_101_101, Time),
                new ManifestEntry("data/a.txt", EntryType.File, Hello.Length, 0b110_100_100, Time),
                new ManifestEntry("link", EntryType.Symlink, 0, 0b111_111_111, Time, Target: "data/a.txt"),
            ],
            [new BlockRef(signature, Hello.Length)]);
        yield return ManifestSerializer.ToCanonicalBytes(manifest);
    }

    private static readonly string[] ReferenceTexts =
        ["maxmind:v21.10", "hub.example.com:8080/maxmind:stable", "@scope/name@sha256:" + new string('a', 64)];

    private static readonly string[] RangeTexts = ["bytes=0-99", "bytes=-500", "bytes=100-,0-0, 5-9"];

    private static readonly string[] FsPathTexts =
        ["/fs/maxmind/stable/GeoLite2-City.csv", "/fs/maxmind/sha256:" + new string('b', 64) + "/dir/", "/fs/%40scope%2Fname/v1/a%20b"];

    public static IEnumerable<byte[]> References() => ReferenceTexts.Select(Encoding.UTF8.GetBytes);

    public static IEnumerable<byte[]> Ranges() => RangeTexts.Select(Encoding.Latin1.GetBytes);

    public static IEnumerable<byte[]> FsPaths() => FsPathTexts.Select(Encoding.Latin1.GetBytes);

    public static IEnumerable<byte[]> Payloads()
    {
        foreach (var level in new[] { 0, 3 })
        {
            using var payload = BlockPayload.Encode(Hello, level);
            yield return payload.Span.ToArray();
        }
    }

    public static IEnumerable<byte[]> Packs()
    {
        var directory = Directory.CreateTempSubdirectory("aetherfs-fuzz-seed-");
        try
        {
            using var builder = new PackBuilder(directory.FullName);
            foreach (var text in new[] { "first block", "second block" })
            {
                var raw = Encoding.UTF8.GetBytes(text);
                using var payload = BlockPayload.Encode(raw, 3);
                builder.Add(BlockSignature.Compute(raw), payload.Span);
            }

            using var pack = builder.Build();
            return [pack.ReadAllBytes()];
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    public static IEnumerable<byte[]> Archives()
    {
        var tar = Tar();
        yield return tar;
        yield return Gzip(tar);
        yield return Zip();
    }

    private static byte[] Tar()
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "data/") { ModificationTime = Time });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "data/a.txt") { DataStream = new MemoryStream(Hello), ModificationTime = Time });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = "data/a.txt", ModificationTime = Time });
        }

        return buffer.ToArray();
    }

    private static byte[] Gzip(byte[] data)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return buffer.ToArray();
    }

    private static byte[] Zip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("data/");
            using var entry = zip.CreateEntry("data/a.txt").Open();
            entry.Write(Hello);
        }

        return buffer.ToArray();
    }
}
