using AetherFS.Client.Hub;
using AetherFS.Core.Packs;

namespace AetherFS.Client.Push;

/// <summary>
/// Uploads packs in the background, a bounded number at once: <see cref="UploadAsync"/> waits for a free slot, so
/// memory holds the packs uploading plus the one filling. The first failure cancels the rest and is thrown by the
/// next call. Each pack is disposed once sent (or abandoned). A pack the hub refuses because of a delta (400) is
/// sent once more with those blocks full: a delta the hub cannot decode must not fail a push that can succeed.
/// </summary>
internal sealed class PackUploader : IAsyncDisposable
{
    private readonly HubClient _hub;
    private readonly string _pushId;
    private readonly UploadCounters _counters;
    private readonly PushDeltaEncoder? _deltas;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _cancel;
    private readonly List<Task> _running = [];
    private Exception? _failure;

    public PackUploader(HubClient hub, string pushId, int parallelism, UploadCounters counters, PushDeltaEncoder? deltas, CancellationToken cancellationToken)
    {
        _hub = hub;
        _deltas = deltas;
        _pushId = pushId;
        _counters = counters;
        _slots = new SemaphoreSlim(Math.Max(1, parallelism));
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Starts uploading <paramref name="pack"/> (which this now owns) once a slot is free.</summary>
    public async Task UploadAsync(PushPack pack)
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

    private async Task SendAsync(PushPack pack)
    {
        try
        {
            try
            {
                await _hub.PutPackAsync(pack.Pack, _pushId, _cancel.Token);
                _counters.Add(pack.Pack.Chunks.Count, pack.Pack.PayloadBytes, pack.DeltaBlocks, pack.DeltaBytes);
            }
            catch (HubException e) when (e.Status == 400 && pack.DeltaBlocks > 0 && _deltas is not null)
            {
                // What the refused attempt sent counts as uploaded too: bytesUploaded is what went over the wire.
                _counters.Add(0, pack.Pack.PayloadBytes);
                using var full = await FullPackAsync(pack.Pack);
                await _hub.PutPackAsync(full, _pushId, _cancel.Token);
                _counters.Add(full.Chunks.Count, full.PayloadBytes);
            }
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

    // The pack again with every delta decoded (against the bases in the push cache, verified) and sent full.
    private async Task<BuiltPack> FullPackAsync(BuiltPack pack)
    {
        using var builder = new PackBuilder(Path.GetDirectoryName(pack.Path)!, int.MaxValue);
        await using (var stream = pack.OpenRead())
        {
            await PackVerifier.VerifyAsync(stream, copyTo: null, PackFormat.MaxPackSize, (chunk, payload) => builder.Add(chunk.Signature, payload.Span), _deltas!.DecodeAsync, _cancel.Token);
        }

        return builder.Build();
    }

    private void ThrowIfFailed()
    {
        if (_failure is { } failure)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }
}
