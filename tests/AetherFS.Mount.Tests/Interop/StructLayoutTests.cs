using System.Diagnostics;
using AetherFS.Mount.Interop;

namespace AetherFS.Mount.Tests.Interop;

public sealed class StructLayoutTests
{
    [Fact]
    public void ManagedStructs_MatchLibfuse314OnX64()
    {
        var managed = NativeLayout.Managed();

        var wrong = NativeLayout.Expected.Where(pair => managed[pair.Key] != pair.Value)
            .Select(pair => $"{pair.Key}: C {pair.Value}, C# {managed[pair.Key]}");

        Assert.Empty(wrong);
    }

    // The table above is checked against the headers installed here, so an ABI change in libfuse fails this test
    // rather than corrupting memory. gcc and libfuse3-dev are needed (.ci/run installs both): without them this fails,
    // never passes unchecked.
    [Fact]
    public void LibfuseHeaders_AgreeWithTheTable()
    {
        Assert.True(File.Exists("/usr/include/fuse3/fuse_lowlevel.h"), "libfuse3-dev is needed (apt-get install libfuse3-dev; .ci/run installs it)");
        Assert.True(File.Exists("/usr/bin/gcc"), "gcc is needed (apt-get install gcc; .ci/run installs it)");

        using var output = new TempDirectory();
        var program = output.Combine("layout");
        Assert.Equal(0, Run("/usr/bin/gcc", "-I/usr/include/fuse3", "-o", program, Path.Join(AppContext.BaseDirectory, "Interop", "layout.c")).ExitCode);

        var native = Run(program).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1]));

        Assert.Equal(NativeLayout.Expected.OrderBy(p => p.Key), native.OrderBy(p => p.Key));
    }

    [Fact]
    public void InstalledLibfuse_IsTheVersionTheLayoutsAreFor()
    {
        Assert.True(LibFuseVersion.IsSupported(out var version), $"libfuse {version}");
    }

    private static (int ExitCode, string Output) Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), $"{file} did not finish");
        return (process.ExitCode, output);
    }
}
