using System.Diagnostics;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Makes archives with the system's own tar (and its gzip, zstd, xz, bzip2) and zip tools, as a producer would.</summary>
public static class ArchiveTool
{
    public static async Task CreateAsync(string kind, string sourceDirectory, string archive)
    {
        var (tool, args) = kind switch
        {
            "tar" => ("tar", new[] { "-cf", archive, "-C", sourceDirectory, "." }),
            "tar.gz" => ("tar", new[] { "-czf", archive, "-C", sourceDirectory, "." }),
            "tar.zst" => ("tar", new[] { "--zstd", "-cf", archive, "-C", sourceDirectory, "." }),
            "tar.xz" => ("tar", new[] { "-cJf", archive, "-C", sourceDirectory, "." }),
            "tar.bz2" => ("tar", new[] { "-cjf", archive, "-C", sourceDirectory, "." }),
            "zip" => ("python3", new[] { "-c", "import shutil,sys; shutil.make_archive(sys.argv[1][:-4], 'zip', sys.argv[2])", archive, sourceDirectory }),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {error}");
    }
}
