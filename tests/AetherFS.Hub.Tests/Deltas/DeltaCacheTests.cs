using AetherFS.Hub.Deltas;

namespace AetherFS.Hub.Tests.Deltas;

public sealed class DeltaCacheTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ManyCallersAskingForTheSameDeltaAtOnce_CostOneEncode()
    {
        var cache = new DeltaCache(1024 * 1024);
        var encodes = 0;
        var release = new TaskCompletionSource();
        var key = new DeltaKey("a", "sha256:held");

        var callers = Enumerable.Range(0, 200).Select(_ => cache.GetOrEncodeAsync(key, async () =>
        {
            Interlocked.Increment(ref encodes);
            await release.Task;
            return [1, 2, 3];
        }, CancellationToken.None)).ToList();
        release.SetResult();
        var results = await Task.WhenAll(callers).WaitAsync(Timeout);

        Assert.Equal(1, encodes);
        Assert.All(results, r => Assert.Equal([1, 2, 3], r));
        Assert.Equal([1, 2, 3], await cache.GetOrEncodeAsync(key, () => throw new InvalidOperationException("cached"), CancellationToken.None).WaitAsync(Timeout));
    }

    [Fact]
    public async Task TheCache_StaysWithinItsBudget_DroppingTheLeastRecentlyUsed()
    {
        var cache = new DeltaCache(64 * 1024);
        for (var i = 0; i < 100; i++)
        {
            await cache.GetOrEncodeAsync(new DeltaKey($"b{i}", "h"), () => Task.FromResult(new byte[4096]), CancellationToken.None).WaitAsync(Timeout);
            Assert.True(cache.UsedBytes <= 64 * 1024, $"{cache.UsedBytes} bytes after {i + 1} deltas");
        }

        var encoded = false;
        await cache.GetOrEncodeAsync(new DeltaKey("b0", "h"), () =>
        {
            encoded = true;
            return Task.FromResult(new byte[1]);
        }, CancellationToken.None).WaitAsync(Timeout);
        Assert.True(encoded, "the first delta should have been dropped");
    }

    [Fact]
    public async Task AFailedEncode_IsNotCached_AndTheNextCallerEncodesAgain()
    {
        var cache = new DeltaCache(1024 * 1024);
        var key = new DeltaKey("c", "h");
        await Assert.ThrowsAsync<IOException>(() => cache.GetOrEncodeAsync(key, () => throw new IOException("store down"), CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal([7], await cache.GetOrEncodeAsync(key, () => Task.FromResult<byte[]>([7]), CancellationToken.None).WaitAsync(Timeout));
    }
}
