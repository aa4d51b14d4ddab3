namespace AetherFS.Hub.Security;

/// <summary>The action names of the configuration file and the audit log.</summary>
internal static class DatasetActionNames
{
    public static DatasetActions Parse(IEnumerable<string>? names, string where)
    {
        var actions = DatasetActions.None;
        foreach (var name in names ?? [])
        {
            actions |= name switch
            {
                "read" => DatasetActions.Read,
                "write" => DatasetActions.Write,
                "delete" => DatasetActions.Delete,
                "admin" => DatasetActions.Admin,
                _ => throw new ArgumentException($"{where}: unknown action '{name}' (actions: read, write, delete, admin)"),
            };
        }

        return Expand(actions);
    }

    /// <summary>Writing or deleting a dataset needs to read it (a push asks what is there); admin is everything.</summary>
    public static DatasetActions Expand(DatasetActions actions) =>
        actions.HasFlag(DatasetActions.Admin) ? DatasetActions.Read | DatasetActions.Write | DatasetActions.Delete | DatasetActions.Admin
        : actions != DatasetActions.None ? actions | DatasetActions.Read
        : actions;

    public static string Format(DatasetActions action) => action.ToString().ToLowerInvariant();
}
