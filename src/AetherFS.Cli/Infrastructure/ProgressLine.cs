using AetherFS.Client;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Infrastructure;

/// <summary>The words beside the progress bar: the phase, then files and bytes done once they are known.</summary>
internal static class ProgressLine
{
    public static string Describe(TransferProgress progress)
    {
        var phase = progress.Phase switch
        {
            TransferPhase.Scanning => "scanning",
            TransferPhase.Extracting => "extracting",
            TransferPhase.Uploading => "uploading",
            TransferPhase.Fetching => "fetching",
            TransferPhase.Writing => "writing",
            _ => progress.Phase.ToString().ToLowerInvariant(),
        };
        if (progress.BytesTotal == 0 && progress.FilesTotal == 0)
        {
            return phase;
        }

        return $"{phase} {progress.FilesDone}/{progress.FilesTotal} files, {ByteSize.Format(progress.BytesDone)}/{ByteSize.Format(progress.BytesTotal)}";
    }
}
