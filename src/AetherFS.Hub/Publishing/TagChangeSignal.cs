namespace AetherFS.Hub.Publishing;

/// <summary>
/// Wakes Subscribe streams when this hub moves or deletes a tag, so they need not wait for their next poll.
/// Changes made through other hubs sharing the store are found by polling (<see cref="Configuration.HubOptions.TagPollInterval"/>).
/// </summary>
internal sealed class TagChangeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next change; take it before reading tags so no change is missed.</summary>
    public Task NextChange => Volatile.Read(ref _next).Task;

    public void Notify() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
