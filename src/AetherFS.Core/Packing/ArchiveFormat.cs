namespace AetherFS.Core.Packing;

/// <summary>The kinds of input <c>aetherfs push</c> accepts.</summary>
public enum ArchiveFormat
{
    Directory,
    Zip,
    Tar,
    TarGzip,
}
