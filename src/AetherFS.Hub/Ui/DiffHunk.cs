namespace AetherFS.Hub.Ui;

/// <summary>A run of changed lines with their context, as a unified diff's <c>@@ -a,b +c,d @@</c> section.</summary>
internal sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines)
{
    public string Header => $"@@ -{OldStart},{OldCount} +{NewStart},{NewCount} @@";
}
