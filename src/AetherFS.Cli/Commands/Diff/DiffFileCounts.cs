namespace AetherFS.Cli.Commands.Diff;

/// <summary>How many paths each kind of change touched, and the file bytes that arrived and left.</summary>
/// <param name="PossiblyChanged">Files of unchanged size laid out in other blocks: the manifests cannot tell, and diff reads no file.</param>
internal sealed record DiffFileCounts(int Added, int Removed, int Changed, int PossiblyChanged, int Renamed, int MetadataChanged, long BytesAdded, long BytesRemoved);
