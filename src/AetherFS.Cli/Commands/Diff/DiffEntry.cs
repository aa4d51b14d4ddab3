namespace AetherFS.Cli.Commands.Diff;

/// <summary>One path that differs; sizes are null where the path does not exist on that side.</summary>
/// <param name="Change">added, removed, changed, possiblyChanged, renamed or metadataChanged.</param>
/// <param name="PreviousPath">Where a renamed file was.</param>
internal sealed record DiffEntry(string Path, string Change, string Type, long? Size, long? PreviousSize, long SizeDelta, string? PreviousPath = null);
