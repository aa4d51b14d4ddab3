namespace AetherFS.Hub.Ui;

/// <summary>One line of a unified diff with its 1-based numbers in the old and new text (null on the side it is not in).</summary>
internal sealed record DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text);
