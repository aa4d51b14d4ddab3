using System.Collections;
using System.Diagnostics;
using AetherFS.Cli;
using AetherFS.Cli.Infrastructure;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// Runs the aetherfs CLI: in the test process by default (<see cref="RunAsync"/>: the same command tree and error
/// boundary as the binary, its output captured, its environment its own), or as the real binary when a test is about
/// the process itself (<see cref="StartInfo"/>, <see cref="RunProcessAsync"/>).
/// </summary>
public static class Cli
{
    public static readonly string AssemblyPath = Path.Join(AppContext.BaseDirectory, "aetherfs.dll");
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Runs one command in this process with the test's environment (<see cref="Environment"/>).</summary>
    public static Task<CliResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunWithInputAsync(environment, "", args);

    /// <summary>Runs one command in this process with <paramref name="stdin"/> as its standard input (passwords, tokens).</summary>
    public static async Task<CliResult> RunWithInputAsync(IReadOnlyDictionary<string, string>? environment, string stdin, params string[] args)
    {
        var output = new CapturedOutput();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        using var input = new StringReader(stdin);
        var exitCode = await CliApplication.RunAsync(args, output, Environment(environment), input, timeout.Token);
        if (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"aetherfs {string.Join(' ', args)} did not finish in {DefaultTimeout}");
        }

        return new CliResult(exitCode, output.Written, output.ErrorWritten);
    }

    /// <summary>
    /// The environment a run sees: the test process's, without <c>AETHERFS_HUB</c> (each test names its hub), with
    /// <c>CI</c> set (no progress bars), then the test's own variables.
    /// </summary>
    public static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? environment)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string)entry.Value!;
        }

        variables.Remove("AETHERFS_HUB");
        variables["CI"] = "true";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>How to start the real binary (the CLI project's build output) with the same environment rules.</summary>
    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AssemblyPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Clear();
        foreach (var (key, value) in Environment(environment))
        {
            info.Environment[key] = value;
        }

        return info;
    }

    /// <summary>Runs the real binary to its end, for tests about the process (its exit, what it prints, signals).</summary>
    public static Task<CliResult> RunProcessAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunProcessInAsync(null, environment, args);

    /// <summary>Runs the real binary to its end in <paramref name="workingDirectory"/> (a directory of the test's own).</summary>
    public static async Task<CliResult> RunProcessInAsync(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = StartInfo(environment, args);
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aetherfs {string.Join(' ', args)} did not finish in {DefaultTimeout}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    // Commands may write from several threads (push workers): the writers are synchronized.
    private sealed class CapturedOutput : ICliOutput
    {
        private readonly StringWriter _out = new();
        private readonly StringWriter _error = new();

        public CapturedOutput()
        {
            Out = TextWriter.Synchronized(_out);
            Error = TextWriter.Synchronized(_error);
        }

        public TextWriter Out { get; }

        public TextWriter Error { get; }

        public bool IsInteractive => false;

        public string Written => _out.ToString();

        public string ErrorWritten => _error.ToString();
    }
}
