using System.Threading.Channels;
using AetherFS.Client.Hub;
using AetherFS.Client.Pull;
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
            Client.Credentials.OidcLoginException login => (ExitCodes.Unauthenticated, login.Message),
            HubException { IsUnauthenticated: true } refused => (ExitCodes.Unauthenticated, LoginHint(refused)),
            HubException { IsForbidden: true } denied => (ExitCodes.PermissionDenied, $"not allowed: {denied.Request ?? "the request"} on {HubName(denied)} ({denied.Message})"),
            HubException { Kind: ErrorKind.StorageFull } => (ExitCodes.HubStorageFull, "hub storage is full"),
            HubException hub => (ExitCodes.For(hub.Kind), hub.Message),
            HubUnavailableException down => (ExitCodes.HubUnavailable, down.Message),
            DigestMismatchException corrupt => (ExitCodes.Corrupt, corrupt.Message),
            ManifestPathNotFoundException path => (ExitCodes.NotFound, path.Message),
            ManifestFormatException manifest => (ExitCodes.Corrupt, $"refusing manifest: {manifest.Message}"),
            ProtectedDirectoryException refused => (ExitCodes.InvalidInput, refused.Message),
            PackingException packing => (ExitCodes.InvalidInput, packing.Message),
            FormatException format => (ExitCodes.InvalidInput, format.Message),
            IOException or UnauthorizedAccessException => (ExitCodes.Failure, error.Message),
            OperationCanceledException => (ExitCodes.Failure, "cancelled"),
            // A bug still gets one line, its type and message: a stack trace tells the user nothing.
            _ => (ExitCodes.Failure, $"unexpected error: {error.GetType().Name}: {error.Message}"),
        };
        stderr.WriteLine($"aetherfs: error: {OneLine(message)}");
        return code;
    }

    // Never the credential itself: only what to do about it.
    private static string LoginHint(HubException refused) =>
        $"{HubName(refused)} wants credentials, or refused the ones sent ({refused.Message}); log in with 'aetherfs auth login {HubName(refused)}'";

    private static string HubName(HubException error) =>
        error.Hub is { } hub ? Client.Credentials.CredentialStore.KeyOf(hub) : "the hub";

    // Messages from the file system or the network may carry line breaks; the error is one line all the same.
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
