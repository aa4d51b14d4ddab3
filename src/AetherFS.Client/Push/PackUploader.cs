using AetherFS.Client.Hub;
using AetherFS.Core.Packs;

namespace AetherFS.Client.Push;

/// <summary>
/// Uploads packs in the background, a bounded number at once: <see cref="UploadAsync"/> waits for a free slot, so
/// memory holds the packs uploading plus the one filling. The first failure cancels the rest and is thrown by the
/// next call. Each pack is disposed once sent (or abandoned).
/// </summary>
internal sealed class PackUploader : IAsyncDisposable
{
    private readonly HubClient _hub;
    private readonly string _pushId;
    private readonly UploadCounters _counters;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _cancel;
    private readonly List<Task> _running = [];
    private Exception? _failure;

    public PackUploader(HubClient hub, string pushId, int parallelism, UploadCounters counters, CancellationToken cancellationToken)
    {
        _hub = hub;
        _pushId = pushId;
        _counters = counters;
        _slots = new SemaphoreSlim(Math.Max(1, parallelism));
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Starts uploading <paramref name="pack"/> (which this now owns) once a slot is free.</summary>
    public async Task UploadAsync(BuiltPack pack)
    {
        try
        {
            await _slots.WaitAsync(_cancel.Token);
        }
        catch
        {
            pack.Dispose();
            ThrowIfFailed();
            throw;
        }

        ThrowIfFailed();
        _running.Add(Task.Run(() => SendAsync(pack)));
    }

    /// <summary>Waits until every pack is stored; throws the first failure.</summary>
    public async Task CompleteAsync()
    {
        try
        {
            await Task.WhenAll(_running);
        }
        catch
        {
            ThrowIfFailed();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (Exception)
        {
            // Already reported, or cancelled because another failure was.
        }

        _cancel.Dispose();
        _slots.Dispose();
    }

    private async Task SendAsync(BuiltPack pack)
    {
        try
        {
            await _hub.PutPackAsync(pack, _pushId, _cancel.Token);
            _counters.Add(pack.Chunks.Count, pack.PayloadBytes);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _failure, e, null);
            await _cancel.CancelAsync();
            throw;
        }
        finally
        {
            pack.Dispose();
            _slots.Release();
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
