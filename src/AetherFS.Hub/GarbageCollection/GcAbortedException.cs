namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// The mark phase could not read everything it must (a tag, a retention policy, a manifest a tag names): the
/// collection stops before deleting anything, since what it could not read might reference anything.
/// </summary>
public sealed class GcAbortedException : Exception
{
    public GcAbortedException(string message, Exception? inner = null)
        : base($"garbage collection stopped before deleting anything: {message}", inner)
    {
    }
}
