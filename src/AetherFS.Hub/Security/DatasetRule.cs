namespace AetherFS.Hub.Security;

/// <summary>One entry of <c>datasets:</c>: who may do what with the datasets its pattern matches.</summary>
internal sealed record DatasetRule(
    DatasetPattern Pattern,
    DatasetActions Anonymous,
    DatasetActions Authenticated,
    IReadOnlyDictionary<string, DatasetActions> Users,
    IReadOnlyDictionary<string, DatasetActions> Groups)
{
    /// <summary>What the rule grants the principal: anything anonymous callers may, any signed-in caller may too.</summary>
    public DatasetActions For(Principal principal)
    {
        var actions = Anonymous;
        if (principal.IsAnonymous)
        {
            return actions;
        }

        actions |= Authenticated;
        if (Users.TryGetValue(principal.Name, out var own))
        {
            actions |= own;
        }

        foreach (var group in principal.Groups)
        {
            if (Groups.TryGetValue(group, out var granted))
            {
                actions |= granted;
            }
        }

        return actions;
    }
}
