using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Fetch;

/// <summary>
/// One caller's share of a fetch (<see cref="InFlightBlocks.Claim"/>): <see cref="Mine"/> it fetches, then disposes the
/// claim to wake those waiting; <see cref="Theirs"/> are under way elsewhere, each with the task that ends with it.
/// </summary>
public sealed class BlockClaim(List<BlockRef> mine, List<(BlockRef Block, Task Done)> theirs, Action release) : IDisposable
{
    private Action? _release = release;

    public IReadOnlyList<BlockRef> Mine => mine;

    public IReadOnlyList<(BlockRef Block, Task Done)> Theirs => theirs;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
