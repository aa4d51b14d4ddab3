using System.CommandLine;
using System.Runtime.InteropServices;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Core.Manifests;
using AetherFS.Mount.Datasets;
using AetherFS.Mount.Sessions;

namespace AetherFS.Cli.Commands;

/// <summary>
/// <c>aetherfs mount NAME[:TAG] DIR</c>: serves a dataset version as a read-only directory whose bytes arrive as they
/// are read, following the tag, in the foreground until SIGTERM/SIGINT or an unmount from outside.
/// </summary>
internal static class MountCommand
{
    private static readonly Argument<string> Reference = new("reference") { Description = "NAME[:TAG] (followed as it moves) or NAME@sha256:DIGEST" };

    private static readonly Argument<string> Directory = new("dir") { Description = "Existing empty directory to mount on" };

    private static readonly Option<bool> Prefetch = new("--prefetch")
    {
        Description = "Fill the cache with the whole version in the background, after reads in waiting (and again when the tag moves)",
    };

    private static readonly Option<string?> ReadTimeout = new("--read-timeout")
    {
        Description = "Longest a read waits for blocks (hub unreachable or stuck) before it fails with EIO (default 30s)",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("mount", "Mount a dataset version read-only with FUSE; files appear at once, bytes arrive as they are read")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.CacheDir, CommonOptions.CacheSize, Prefetch, ReadTimeout },
            Arguments = { Reference, Directory },
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, ICliOutput output, CancellationToken cancellationToken)
    {
        var reference = HubResolver.ParseReference(parsed.GetValue(Reference)!);
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parsed.GetValue(Directory)!));
        var readOptions = ReadOptions(parsed);
        MountChecks.EnsureMachineCanMount();
        await MountChecks.PrepareDirectoryAsync(directory, "", line => output.Error.WriteLine($"aetherfs: {line}"), cancellationToken);
        using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
        var (digest, manifest) = await hub.GetManifestAsync(reference.Name, reference.Digest ?? reference.Tag, cancellationToken);
        ManifestValidator.Validate(manifest);
        var mount = Start(new DatasetMountSettings
        {
            Hub = hub,
            // The cache pull and the agent use, with its budget.
            Fetcher = new BlockFetcher(hub, new DiskBlockCache(parsed.GetValue(CommonOptions.CacheDir)!, parsed.GetValue(CommonOptions.CacheSize))),
            Name = reference.Name,
            Tag = reference.Digest is null ? reference.Tag : null,
            First = new ManifestIndex(digest, manifest),
            Directory = directory,
            ReadOptions = readOptions,
            Prefetch = parsed.GetValue(Prefetch),
            Log = line => output.Error.WriteLine($"aetherfs: {line}"),
        });

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            // Ours to end: unmount first, or the directory is left stale.
            context.Cancel = true;
            stopping.Cancel();
        }

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        output.Out.WriteLine($"mounted {reference} ({digest}) at {directory}");
        await output.Out.FlushAsync(CancellationToken.None);

        try
        {
            await mount.Completion.WaitAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // A signal: unmount below.
        }

        await mount.StopAsync();
        output.Error.WriteLine($"aetherfs: unmounted {directory}: {mount.Totals}");
        return ExitCodes.Success;
    }

    private static DatasetReadOptions ReadOptions(ParseResult parsed)
    {
        if (parsed.GetValue(ReadTimeout) is not { } text)
        {
            return new DatasetReadOptions();
        }

        var timeout = DurationArgument.Parse("--read-timeout", text);
        return timeout > TimeSpan.Zero
            ? new DatasetReadOptions { ReadTimeout = timeout }
            : throw new CliException($"invalid --read-timeout '{text}': give a positive duration such as 30s or 2m");
    }

    private static DatasetMount Start(DatasetMountSettings settings)
    {
        try
        {
            return DatasetMount.Start(settings);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            throw new CliException(e.Message, ExitCodes.CannotMount);
        }
    }
}
