namespace AetherFS.Cli.Commands.Auth;

/// <summary>
/// One stored login as <c>auth status --json</c> prints it. Status: <c>ok</c> (the hub named the caller),
/// <c>unchecked</c> (the hub has no authentication), <c>refused</c> (401) or <c>unreachable</c>. Never the secret.
/// </summary>
internal sealed record AuthStatusEntry(string Hub, string Credential, string? Username, string Status, string? Name, string? Kind, bool? Admin, string? Error);
