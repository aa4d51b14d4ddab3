namespace AetherFS.Core.Packing;

/// <summary>
/// An entry a scan cannot push. <paramref name="Skippable"/> ones (special files, unreadable names and files) may be
/// left out; the others (a symlink leaving the tree) would change what the dataset means and always fail the scan.
/// </summary>
public sealed record ScanProblem(string Path, string Reason, bool Skippable)
{
    public override string ToString() => $"'{Path}' {Reason}";
}
