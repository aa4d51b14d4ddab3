namespace AetherFS.Cli.Commands.Diff;

/// <summary>One side of a diff: the reference as written, the manifest it resolved to, its files and their bytes.</summary>
internal sealed record DiffVersion(string Reference, string Digest, int Files, long Bytes);
