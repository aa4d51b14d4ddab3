using System.Text;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Core.Packs;
using AetherFS.Core.References;
using AetherFS.Serving.FileServer;

namespace AetherFS.Fuzz;

/// <summary>The parsers that take bytes from the network or from a producer's files.</summary>
internal static class Targets
{
    // Any signature: the payload target is about decoding, and a digest mismatch at the end is an expected answer.
    private static readonly string AnySignature = new('0', 64);

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("manifest", input => ManifestValidator.Validate(ManifestSerializer.Parse(input)), Seeds.Manifests),
        new("reference", input => DatasetReference.TryParse(Encoding.UTF8.GetString(input), out _, out _), Seeds.References),
        new("range", input => RangePlanner.Plan(Encoding.Latin1.GetString(input), 1_000_000), Seeds.Ranges),
        new("fs-path", input => RequestPath.Parse(Encoding.Latin1.GetString(input)), Seeds.FsPaths),
        new("payload", DecodePayload, Seeds.Payloads),
        new("pack", VerifyPack, Seeds.Packs),
        new("archive", ExtractArchive, Seeds.Archives),
    ];

    private static void DecodePayload(byte[] input)
    {
        using var block = BlockPayload.Decode(input, AnySignature);
    }

    private static void VerifyPack(byte[] input)
    {
        using var stream = new MemoryStream(input, writable: false);
        PackVerifier.VerifyAsync(stream, copyTo: null, PackFormat.MaxPackSize, CancellationToken.None).GetAwaiter().GetResult();
    }

    // Archives are read from files, as a push reads them: each input is written to a file and extracted into a
    // fresh directory, which is removed whatever happens.
    private static void ExtractArchive(byte[] input)
    {
        var work = Directory.CreateTempSubdirectory("aetherfs-fuzz-");
        try
        {
            var archive = Path.Join(work.FullName, "input");
            File.WriteAllBytes(archive, input);
            var format = ArchiveFormatDetector.Detect(archive);
            if (format is ArchiveFormat.Directory or ArchiveFormat.SingleFile)
            {
                return;
            }

            var destination = Path.Join(work.FullName, "out");
            Directory.CreateDirectory(destination);
            ArchiveExtractor.Extract(archive, format, destination);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
