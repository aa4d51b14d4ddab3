using AetherFS.Mount.Lifecycle;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// What <c>aetherfs mount</c> and <c>run agent --mount</c> check before mounting, with one exit code table: a machine
/// that cannot mount, or a stale mount that cannot be cleared, exits 9; a directory a mount would hide or cannot use
/// exits 2.
/// </summary>
internal static class MountChecks
{
    /// <exception cref="CliException">This machine cannot mount (no /dev/fuse, fusermount3 or libfuse 3.14).</exception>
    public static void EnsureMachineCanMount()
    {
        if (FuseAvailability.Problem(CliEnvironment.Get("PATH")) is { } problem)
        {
            throw new CliException($"cannot mount: {problem}", ExitCodes.CannotMount);
        }
    }

    /// <summary>Makes <paramref name="directory"/> ready to mount on, clearing a stale mount first (told through <paramref name="log"/>).</summary>
    /// <param name="what">What would be mounted, for the error (<c>""</c> or <c>"NAME:TAG "</c>).</param>
    /// <exception cref="CliException">The directory is refused, or a stale mount there cannot be cleared.</exception>
    public static async Task PrepareDirectoryAsync(string directory, string what, Action<string> log, CancellationToken cancellationToken)
    {
        string? refusal;
        try
        {
            refusal = await MountPoint.PrepareAsync(directory, log, cancellationToken);
        }
        catch (IOException e)
        {
            throw new CliException(e.Message, ExitCodes.CannotMount);
        }

        if (refusal is not null)
        {
            throw new CliException($"cannot mount {what}on {directory}: {refusal}");
        }
    }
}
