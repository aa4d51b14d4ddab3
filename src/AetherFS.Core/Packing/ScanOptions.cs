namespace AetherFS.Core.Packing;

/// <summary>What a <see cref="DirectoryScanner"/> leaves out and how it treats what it cannot push.</summary>
public sealed record ScanOptions
{
    public static readonly ScanOptions Default = new();

    /// <summary>The name of the file at a source's root that lists what to leave out, in gitignore syntax.</summary>
    public const string IgnoreFileName = ".aetherfsignore";

    /// <summary>gitignore-syntax patterns to leave out, on top of the root's <see cref="IgnoreFileName"/>.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    public SpecialFilePolicy SpecialFiles { get; init; } = SpecialFilePolicy.Error;

    /// <summary>Told of each entry left out under <see cref="SpecialFilePolicy.Skip"/>.</summary>
    public Action<ScanProblem>? Skipped { get; init; }
}
