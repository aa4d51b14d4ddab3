namespace AetherFS.Hub.Security;

/// <summary>The validated <c>--auth-config</c> file: users, groups, admins and the dataset rules.</summary>
internal sealed class AuthConfiguration
{
    public AuthConfiguration(
        IReadOnlyDictionary<string, PasswordHash> users,
        IReadOnlyDictionary<string, IReadOnlyList<string>> groupsOfUser,
        IReadOnlySet<string> admins,
        IReadOnlyList<DatasetRule> rules,
        OidcSettings? oidc)
    {
        Users = users;
        GroupsOfUser = groupsOfUser;
        Admins = admins;
        Rules = rules;
        Oidc = oidc;
    }

    public IReadOnlyDictionary<string, PasswordHash> Users { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> GroupsOfUser { get; }

    public IReadOnlySet<string> Admins { get; }

    /// <summary>Most specific first; no two that overlap are equally specific (refused at load).</summary>
    public IReadOnlyList<DatasetRule> Rules { get; }

    public OidcSettings? Oidc { get; }

    public Principal PrincipalOf(string user) =>
        new(user, PrincipalKind.User, GroupsOfUser.TryGetValue(user, out var groups) ? groups : [], Admins.Contains(user));

    /// <summary>
    /// A caller proven by an OIDC token: its groups are the token's and, since local and OIDC names share one
    /// namespace, any local groups of that name; it is an admin when the name is listed under admins.
    /// </summary>
    public Principal OidcPrincipalOf(string name, IReadOnlyList<string> tokenGroups) => new(
        name,
        PrincipalKind.Oidc,
        GroupsOfUser.TryGetValue(name, out var local) ? [.. tokenGroups.Union(local, StringComparer.Ordinal)] : tokenGroups,
        Admins.Contains(name));
}
