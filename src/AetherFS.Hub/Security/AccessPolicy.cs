namespace AetherFS.Hub.Security;

/// <summary>
/// The one place that decides whether a principal may do an action on a dataset, whatever the surface asking (REST,
/// gRPC, <c>/fs</c>, the UI). Without a configuration the hub is open, as it always was.
/// </summary>
public sealed class AccessPolicy
{
    private readonly AuthConfiguration? _configuration;

    internal AccessPolicy(AuthConfiguration? configuration) => _configuration = configuration;

    /// <summary>True when the hub was started with <c>--auth-config</c>.</summary>
    public bool Enabled => _configuration is not null;

    internal AuthConfiguration? Configuration => _configuration;

    public bool Allows(Principal principal, DatasetActions action, string dataset) => (ActionsOn(principal, dataset) & action) == action;

    /// <summary>What the principal may do with the dataset: the most specific matching rule's grant; nothing without one.</summary>
    public DatasetActions ActionsOn(Principal principal, string dataset)
    {
        var owner = OwnerActionsOn(principal, dataset);
        return principal.Scope is { } scope ? owner & scope.ActionsOn(dataset) : owner;
    }

    private DatasetActions OwnerActionsOn(Principal principal, string dataset)
    {
        if (_configuration is null || principal.IsAdmin)
        {
            return DatasetActionNames.Expand(DatasetActions.Admin);
        }

        // A name no dataset can have ('Public', 'a//b', 'a/../b') matches no rule: the handler refuses it anyway,
        // and a pattern must never be satisfied by a spelling the store would read differently.
        if (Core.References.DatasetName.Validate(dataset) is not null)
        {
            return DatasetActions.None;
        }

        foreach (var rule in _configuration.Rules)
        {
            if (rule.Pattern.Matches(dataset))
            {
                return DatasetActionNames.Expand(rule.For(principal));
            }
        }

        return DatasetActions.None;
    }

    /// <summary>Whether the principal may do the action on some dataset (uploading blocks, asking which are missing).</summary>
    /// <remarks>A token must also carry the action (on some pattern of its own): uploads name no dataset yet.</remarks>
    public bool AllowsAnywhere(Principal principal, DatasetActions action) =>
        (principal.Scope is not { } scope || (scope.Actions & action) == action)
        && (_configuration is null || principal.IsAdmin
            || _configuration.Rules.Any(rule => (DatasetActionNames.Expand(rule.For(principal)) & action) == action));

    /// <summary>Whole-hub operations: gc, verify, retention policies; a token needs admin on <c>**</c> for them.</summary>
    public bool IsAdmin(Principal principal) => _configuration is null || (principal.IsAdmin && (principal.Scope?.CoversEverything ?? true));
}
