namespace AetherFS.Hub.Security;

/// <summary>What a principal may do with a dataset; <c>write</c> and <c>delete</c> imply <c>read</c>, <c>admin</c> implies all.</summary>
[Flags]
public enum DatasetActions
{
    None = 0,

    /// <summary>List, tags, manifests, blocks, <c>/fs</c>, the UI, watch and Subscribe.</summary>
    Read = 1,

    /// <summary>Push, create or move tags.</summary>
    Write = 2,

    /// <summary>Delete tags and versions.</summary>
    Delete = 4,

    /// <summary>Retention policies, garbage collection, verification: the whole hub.</summary>
    Admin = 8,
}
