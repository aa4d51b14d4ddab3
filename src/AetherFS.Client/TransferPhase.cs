namespace AetherFS.Client;

/// <summary>What a push or pull is doing now, for the progress a person watches.</summary>
public enum TransferPhase
{
    /// <summary>Push: listing the files of the source directory.</summary>
    Scanning,

    /// <summary>Push: unpacking an archive into a temp directory.</summary>
    Extracting,

    /// <summary>Push: cutting, hashing and uploading the blocks the hub lacks.</summary>
    Uploading,

    /// <summary>Pull: fetching the manifest.</summary>
    Fetching,

    /// <summary>Pull: fetching blocks and writing the files.</summary>
    Writing,
}
