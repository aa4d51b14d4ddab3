namespace AetherFS.Hub.Ui;

/// <summary>Whether a line of a unified diff is shared by both sides, only in the old one, or only in the new one.</summary>
internal enum DiffLineKind
{
    Context,
    Deleted,
    Inserted,
}
