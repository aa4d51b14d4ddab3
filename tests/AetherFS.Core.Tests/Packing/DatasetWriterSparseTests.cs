using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Core.Tests.Packing;

/// <summary>Zeros become holes, whatever the pieces the bytes arrive in.</summary>
public sealed class DatasetWriterSparseTests : IDisposable
{
    private static readonly DateTime Time = new(2022, 2, 3, 4, 5, 6, DateTimeKind.Utc);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(4096)]
    [InlineData(65_537)]
    public void Write_OfZerosAndData_InAnyPieces_ReadsBackExactly(int pieceSize)
    {
        var content = new byte[300_000];
        RandomNumberGenerator.Fill(content.AsSpan(5000, 3));
        RandomNumberGenerator.Fill(content.AsSpan(100_000, 20_000));
        RandomNumberGenerator.Fill(content.AsSpan(299_990, 10));
        var root = _temp.Combine($"pieces-{pieceSize}");
        Directory.CreateDirectory(root);

        using (var writer = new DatasetWriter(root, [new ManifestEntry("f", EntryType.File, content.Length, 0x1A4, Time), new ManifestEntry("g", EntryType.File, 5, 0x1A4, Time)]))
        {
            var stream = content.Concat(new byte[5]).ToArray();
            for (var offset = 0; offset < stream.Length; offset += pieceSize)
            {
                writer.Write(stream.AsSpan(offset, Math.Min(pieceSize, stream.Length - offset)));
            }

            writer.Complete();
        }

        Assert.Equal(content, File.ReadAllBytes(Path.Join(root, "f")));
        Assert.Equal(new byte[5], File.ReadAllBytes(Path.Join(root, "g")));
        Assert.Equal(Time, File.GetLastWriteTimeUtc(Path.Join(root, "f")));
    }

    [Fact]
    public void Write_OfAMostlyZeroFile_AllocatesOnlyItsData()
    {
        const int Size = 16 * 1024 * 1024;
        var content = new byte[Size];
        RandomNumberGenerator.Fill(content.AsSpan(Size / 2, 8192));
        var root = _temp.Combine("sparse");
        Directory.CreateDirectory(root);

        using (var writer = new DatasetWriter(root, [new ManifestEntry("disk.img", EntryType.File, Size, 0x1A4, Time)]))
        {
            writer.Write(content);
            writer.Complete();
        }

        var path = Path.Join(root, "disk.img");
        Assert.Equal(Size, new FileInfo(path).Length);
        Assert.InRange(AllocatedBytes(path), 0, 256 * 1024);
    }

    private static long AllocatedBytes(string path)
    {
        using var du = Process.Start(new ProcessStartInfo("du", ["--block-size=1", path]) { RedirectStandardOutput = true })!;
        var output = du.StandardOutput.ReadToEnd();
        du.WaitForExit();
        return long.Parse(output.Split('\t')[0], CultureInfo.InvariantCulture);
    }
}
