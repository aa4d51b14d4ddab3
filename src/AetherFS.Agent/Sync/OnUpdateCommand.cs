using System.Diagnostics;

namespace AetherFS.Agent.Sync;

/// <summary>Runs the user's <c>--on-update</c> command after a swap, through /bin/sh, with the new version in its environment.</summary>
internal static class OnUpdateCommand
{
    public static async Task<int> RunAsync(string command, SyncedVersion version, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", command }, UseShellExecute = false };
        start.Environment["AETHERFS_DATASET"] = version.Name;
        start.Environment["AETHERFS_TAG"] = version.Tag;
        start.Environment["AETHERFS_DIGEST"] = version.Digest;
        start.Environment["AETHERFS_PATH"] = version.Path;
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }
}
