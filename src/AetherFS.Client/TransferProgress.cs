namespace AetherFS.Client;

/// <summary>
/// How far a push or pull has got: its phase, bytes of the dataset processed out of the total, and files finished
/// out of the total (0 of 0 while not yet known).
/// </summary>
public readonly record struct TransferProgress(long BytesDone, long BytesTotal, long BytesTransferred, TransferPhase Phase = TransferPhase.Uploading, int FilesDone = 0, int FilesTotal = 0);
