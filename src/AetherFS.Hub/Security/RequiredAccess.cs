namespace AetherFS.Hub.Security;

/// <summary>What one request needs: the kind of check, the action, and the dataset, block or manifest it names.</summary>
internal sealed record RequiredAccess(AccessKind Kind, DatasetActions Action = DatasetActions.None, string? Target = null, string? Digest = null)
{
    public static readonly RequiredAccess Open = new(AccessKind.Open);
    public static readonly RequiredAccess Caller = new(AccessKind.Caller);
    public static readonly RequiredAccess SignedIn = new(AccessKind.SignedIn);
    public static readonly RequiredAccess Admin = new(AccessKind.Admin, DatasetActions.Admin);
    public static readonly RequiredAccess WriteAnywhere = new(AccessKind.Anywhere, DatasetActions.Write);

    public static RequiredAccess Dataset(DatasetActions action, string name) => new(AccessKind.Dataset, action, name);

    /// <summary>Reading a dataset's version by tag, or by digest (which must then be a version the dataset has a tag for).</summary>
    public static RequiredAccess Version(string name, string reference) =>
        Core.References.Digest.IsValid(reference) ? new(AccessKind.Dataset, DatasetActions.Read, name, reference) : Dataset(DatasetActions.Read, name);

    public static RequiredAccess Block(string signature) => new(AccessKind.Block, DatasetActions.Read, signature);

    public static RequiredAccess BlockExists(string signature) => new(AccessKind.BlockExists, DatasetActions.Read, signature);

    public static RequiredAccess Manifest(string digest) => new(AccessKind.Manifest, DatasetActions.Read, digest);

    /// <summary>
    /// Whether a request allowed this access changes a dataset or the hub (audited with its outcome). Block and
    /// manifest uploads change neither until a tag names them; the tag is audited.
    /// </summary>
    public bool Changes => Kind == AccessKind.Admin || (Kind == AccessKind.Dataset && Action is DatasetActions.Write or DatasetActions.Delete);

    public string Describe() => Target is null ? DatasetActionNames.Format(Action) : $"{DatasetActionNames.Format(Action)} {Target}";
}
