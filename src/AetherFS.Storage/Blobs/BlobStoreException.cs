namespace AetherFS.Storage.Blobs;

/// <summary>
/// The store could not do what was asked, for a reason no retry fixes here: unreachable after retrying, access
/// denied, the bucket missing. The message is one line for an operator and never holds a secret.
/// </summary>
public sealed class BlobStoreException : Exception
{
    public BlobStoreException()
    {
    }

    public BlobStoreException(string message)
        : base(message)
    {
    }

    public BlobStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
