namespace AetherFS.Cli.Infrastructure;

/// <summary>The process exit codes, one per kind of outcome a script may want to tell apart.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidInput = 2;
    public const int NotFound = 3;
    public const int HubUnavailable = 4;
    public const int Corrupt = 5;
}
