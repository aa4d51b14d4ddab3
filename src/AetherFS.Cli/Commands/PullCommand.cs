using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Client.Pull;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs pull NAME[:TAG] DEST</c>: materialize a dataset version in a directory.</summary>
internal static class PullCommand
{
    private static readonly Option<bool> NoCache = new("--no-cache")
    {
        Description = "Do not write downloaded blocks into the cache (blocks already cached are still used)",
    };

    private static readonly Option<bool> KeepSpecialBits = new("--keep-special-bits")
    {
        Description = "Restore setuid, setgid and sticky bits as the dataset records them (by default they are dropped)",
    };

    private static readonly Option<bool> Force = new("--force")
    {
        Description = "Replace DEST even if it holds something other than an earlier pull, or was changed since",
    };

    private static readonly Option<string[]> Paths = new("--path")
    {
        Description = "Pull only this file or directory of the dataset (repeatable); only the blocks holding it are downloaded",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Argument<string> Reference = new("reference") { Description = "NAME[:TAG] or NAME@sha256:DIGEST" };

    private static readonly Argument<string> Destination = new("dest") { Description = "Directory to write the dataset into; replaced atomically when complete" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("pull", "Pull a dataset version into a directory")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.CacheDir, CommonOptions.CacheSize, Paths, NoCache, Force, KeepSpecialBits, CommonOptions.Json },
            Arguments = { Reference, Destination },
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, ICliOutput output, CancellationToken cancellationToken)
    {
        var reference = HubResolver.ParseReference(parsed.GetValue(Reference)!);
        var destination = parsed.GetValue(Destination)!;
        ProtectedDirectories.ForThisProcess(CliEnvironment.Get("HOME")).Check(destination);
        var json = parsed.GetValue(CommonOptions.Json);
        using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
        var engine = new PullEngine(hub, new PullOptions { CacheDirectory = parsed.GetValue(CommonOptions.CacheDir)!, CacheBudgetBytes = parsed.GetValue(CommonOptions.CacheSize), Force = parsed.GetValue(Force), WriteCache = !parsed.GetValue(NoCache), KeepSpecialBits = parsed.GetValue(KeepSpecialBits), Paths = parsed.GetValue(Paths) ?? [] });
        var started = Stopwatch.GetTimestamp();
        var result = await ProgressDisplay.RunAsync(output, !json, "pulling", progress =>
            engine.PullAsync(reference, destination, progress, cancellationToken));

        if (result.CacheWarning is { } warning)
        {
            output.Error.WriteLine($"aetherfs: warning: the block cache could not be used ({warning}); pulled without it");
        }

        if (json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(result with { Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds }, CliJsonContext.Default.PullResult));
        }
        else
        {
            output.Out.WriteLine($"pulled {reference} {result.Digest} into {result.Destination}");
            output.Out.WriteLine($"  {result.Files} files, {ByteSize.Format(result.Bytes)}; downloaded {result.BlocksDownloaded} blocks ({ByteSize.Format(result.BytesDownloaded)}{(result.BlocksDelta > 0 ? $"; {result.BlocksDelta} as deltas, {ByteSize.Format(result.BytesDelta)}" : string.Empty)}), reused {result.BlocksReused} from cache");
        }

        return ExitCodes.Success;
    }
}
