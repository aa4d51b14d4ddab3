using System.CommandLine;
using AetherFS.Cli.Infrastructure;
using AetherFS.Mount.Lifecycle;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs unmount DIR</c>: ends an <c>aetherfs mount</c> (which then exits 0), as <c>fusermount3 -u</c> does.</summary>
internal static class UnmountCommand
{
    private static readonly Argument<string> Directory = new("dir") { Description = "Directory an aetherfs mount serves" };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("unmount", "Unmount a dataset mounted with 'aetherfs mount'")
        {
            Arguments = { Directory },
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, output, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parsed, ICliOutput output, CancellationToken cancellationToken)
    {
        var directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parsed.GetValue(Directory)!));
        if (!MountPoint.IsAetherFsMount(directory))
        {
            throw new CliException($"{directory} is not an aetherfs mount");
        }

        // Not lazy: a user asking to unmount wants to know that something still uses it.
        if (await MountPoint.UnmountAsync(directory, lazy: false, cancellationToken) is { } error)
        {
            throw error.Contains("busy", StringComparison.OrdinalIgnoreCase)
                ? new CliException($"cannot unmount {directory}: it is busy (a process has a file open or its working directory in it); end those ('fuser -vm {directory}' lists them), or detach it now with 'fusermount3 -u -z {directory}'", ExitCodes.Failure)
                : new CliException($"cannot unmount {directory}: {error}", ExitCodes.Failure);
        }

        output.Out.WriteLine($"unmounted {directory}");
        return ExitCodes.Success;
    }
}
