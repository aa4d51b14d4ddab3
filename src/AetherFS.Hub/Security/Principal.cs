namespace AetherFS.Hub.Security;

/// <summary>The caller of one request, once its credentials (if any) were verified.</summary>
/// <remarks>
/// For an API token, <see cref="Name"/>, <see cref="Groups"/> and <see cref="IsAdmin"/> are its owner's, as the
/// configuration has them now, and <see cref="Scope"/> bounds them (see <see cref="AccessPolicy"/>).
/// </remarks>
public sealed record Principal(string Name, PrincipalKind Kind, IReadOnlyList<string> Groups, bool IsAdmin, Tokens.TokenScope? Scope = null)
{
    public static readonly Principal Anonymous = new("anonymous", PrincipalKind.Anonymous, [], false);

    public bool IsAnonymous => Kind == PrincipalKind.Anonymous;
}
