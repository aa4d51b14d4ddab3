using System.Threading.Channels;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Protocol.Errors;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Turns any failure into one line on stderr and an exit code, in one place.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception error, TextWriter stderr)
    {
        if (error is ChannelClosedException { InnerException: { } inner })
        {
            error = inner;
        }

        var (code, message) = error switch
        {
            CliException cli => (cli.ExitCode, cli.Message),
            HubException { Kind: ErrorKind.StorageFull } => (ExitCodes.HubStorageFull, "hub storage is full"),
            HubException hub => (ExitCodes.For(hub.Kind), hub.Message),
            HubUnavailableException down => (ExitCodes.HubUnavailable, down.Message),
            DigestMismatchException corrupt => (ExitCodes.Corrupt, corrupt.Message),
            ManifestFormatException manifest => (ExitCodes.Corrupt, $"refusing manifest: {manifest.Message}"),
            PackingException packing => (ExitCodes.InvalidInput, packing.Message),
            FormatException format => (ExitCodes.InvalidInput, format.Message),
            IOException or UnauthorizedAccessException => (ExitCodes.Failure, error.Message),
            OperationCanceledException => (ExitCodes.Failure, "cancelled"),
            _ => (ExitCodes.Failure, $"unexpected error: {error}"),
        };
        stderr.WriteLine($"aetherfs: error: {message}");
        return code;
    }
}
