using System.CommandLine;
using System.Runtime.InteropServices;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Caching;
using AetherFS.Client.Fetch;
using AetherFS.Core.Manifests;
using AetherFS.Mount;
using AetherFS.Mount.Datasets;
using AetherFS.Mount.Following;
using AetherFS.Mount.Lifecycle;
using AetherFS.Serving.Versions;

namespace AetherFS.Cli.Commands;

/// <summary>
/// <c>aetherfs mount NAME[:TAG] DIR</c>: serves a dataset version as a read-only directory whose bytes arrive as they
/// are read, following the tag, in the foreground until SIGTERM/SIGINT or an unmount from outside.
/// </summary>
internal static class MountCommand
{
    private static readonly Argument<string> Reference = new("reference") { Description = "NAME[:TAG] (followed as it moves) or NAME@sha256:DIGEST" };

    private static readonly Argument<string> Directory = new("dir") { Description = "Existing empty directory to mount on" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("mount", "Mount a dataset version read-only with FUSE; files appear at once, bytes arrive as they are read")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.CacheDir, CommonOptions.CacheSize },
            Arguments = { Reference, Directory },
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, ICliOutput output, CancellationToken cancellationToken)
    {
        var reference = HubResolver.ParseReference(parsed.GetValue(Reference)!);
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parsed.GetValue(Directory)!));
        if (FuseAvailability.Problem(CliEnvironment.Get("PATH")) is { } problem)
        {
            throw new CliException($"cannot mount: {problem}", ExitCodes.CannotMount);
        }

        await PrepareAsync(directory, output, cancellationToken);
        using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), reference));
        var (digest, manifest) = await hub.GetManifestAsync(reference.Name, reference.Digest ?? reference.Tag, cancellationToken);
        ManifestValidator.Validate(manifest);
        // The cache pull and the agent use, with its budget.
        var fetcher = new BlockFetcher(hub, new DiskBlockCache(parsed.GetValue(CommonOptions.CacheDir)!, parsed.GetValue(CommonOptions.CacheSize)));
        var tree = new FollowingTree(new ManifestIndex(digest, manifest), index => new DatasetTree(index, fetcher));
        var mount = Start(tree, directory);

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Stop(PosixSignalContext context)
        {
            // Ours to end: unmount first, or the directory is left stale.
            context.Cancel = true;
            stopping.Cancel();
        }

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        var following = reference.Digest is null
            ? new TagFollower(hub, reference.Name, reference.Tag, tree, mount, line => output.Error.WriteLine($"aetherfs: {line}")).RunAsync(stopping.Token)
            : Task.CompletedTask;
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

        await stopping.CancelAsync();
        await following;
        await mount.UnmountAsync(CancellationToken.None);
        var totals = tree.Totals;
        output.Error.WriteLine($"aetherfs: unmounted {directory}: cache_blocks={totals.BlocksFromCache} cache_bytes={totals.BytesFromCache} hub_blocks={totals.BlocksFromHub} hub_bytes={totals.BytesFromHub}");
        return ExitCodes.Success;
    }

    // Refuses what a mount would hide or cannot use; a mount left by a killed process is cleared first.
    private static async Task PrepareAsync(string directory, ICliOutput output, CancellationToken cancellationToken)
    {
        var state = MountPoint.Inspect(directory);
        if (state == MountPointState.Stale)
        {
            if (await MountPoint.UnmountAsync(directory, lazy: true, cancellationToken) is { } error)
            {
                throw new CliException($"cannot clear the stale mount at {directory}: {error}", ExitCodes.CannotMount);
            }

            output.Error.WriteLine($"aetherfs: cleared a stale mount at {directory} (its process had ended without unmounting)");
            state = MountPoint.Inspect(directory);
        }

        var refusal = state switch
        {
            MountPointState.Missing => "no such directory",
            MountPointState.NotDirectory => "not a directory",
            MountPointState.NotEmpty => "the directory is not empty (a mount would hide its files)",
            MountPointState.AlreadyMounted => "something is already mounted there",
            MountPointState.Stale => "a stale mount is still there",
            _ => null,
        };
        if (refusal is not null)
        {
            throw new CliException($"cannot mount on {directory}: {refusal}");
        }
    }

    private static FuseMount Start(FollowingTree tree, string directory)
    {
        try
        {
            return FuseMount.Start(tree, directory);
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            throw new CliException(e.Message, ExitCodes.CannotMount);
        }
    }
}
