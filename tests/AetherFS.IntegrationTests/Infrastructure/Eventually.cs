namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for a condition another party makes true (an agent's swap, a hub coming back), checking it again every
/// 50 ms up to a deadline: what a test cannot be told by an event. Never a fixed sleep.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <param name="output">What to show when it never holds (the party's log).</param>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, Func<string>? output = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not reachable yet: try again.
            }

            await Task.Delay(Interval);
        }

        throw new TimeoutException($"{what} did not happen in time\n{output?.Invoke()}");
    }
}
