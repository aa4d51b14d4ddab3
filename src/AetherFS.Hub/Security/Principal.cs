namespace AetherFS.Hub.Security;

/// <summary>The caller of one request, once its credentials (if any) were verified.</summary>
public sealed record Principal(string Name, PrincipalKind Kind, IReadOnlyList<string> Groups, bool IsAdmin)
{
    public static readonly Principal Anonymous = new("anonymous", PrincipalKind.Anonymous, [], false);

    public bool IsAnonymous => Kind == PrincipalKind.Anonymous;
}
