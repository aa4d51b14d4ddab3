namespace AetherFS.Client;

/// <summary>How far a push or pull has got: bytes of the dataset processed out of the total.</summary>
public readonly record struct TransferProgress(long BytesDone, long BytesTotal, long BytesTransferred);
