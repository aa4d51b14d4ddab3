namespace AetherFS.Hub.Publishing;

/// <summary>
/// Wakes Subscribe streams when this hub moves or deletes a tag, so they need not wait for their next poll.
/// Changes made through other hubs sharing the store are found by polling (<see cref="Configuration.HubOptions.TagPollInterval"/>).
/// </summary>
internal sealed class TagChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _generation;

    /// <summary>A task that completes at the next change; take it before reading tags so no change is missed.</summary>
    public Task NextChange => Volatile.Read(ref _next).Task;

    /// <summary>Counts the changes so far: what was read at one generation is stale at the next.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Notify()
    {
        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
