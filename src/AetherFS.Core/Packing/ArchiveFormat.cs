namespace AetherFS.Core.Packing;

/// <summary>The kinds of input <c>aetherfs push</c> accepts.</summary>
public enum ArchiveFormat
{
    Directory,
    Zip,
    Tar,
    TarGzip,
    TarZstd,
    TarXz,
    TarBzip2,

    /// <summary>A file that is no archive: the dataset holds that one file.</summary>
    SingleFile,
}
