using AetherFS.Hub.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Usage;

/// <summary>
/// Writes the recorder's tallies to the store every <see cref="HubOptions.UsageFlushInterval"/> and when the hub
/// stops, and once a day deletes usage objects older than <see cref="HubOptions.UsageRetention"/>. A failed write is
/// logged and retried at the next flush; pulls never wait for any of this.
/// </summary>
internal sealed partial class UsageFlusher : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromDays(1);

    /// <summary>How long the flush at stop may take once the host's own stop time has run out.</summary>
    public static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(5);

    private readonly UsageRecorder _recorder;
    private readonly UsageStore _store;
    private readonly ClientHasher _hasher;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<UsageFlusher> _logger;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public UsageFlusher(UsageRecorder recorder, UsageStore store, ClientHasher hasher, HubOptions options, TimeProvider time, ILogger<UsageFlusher> logger)
    {
        _recorder = recorder;
        _store = store;
        _hasher = hasher;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>This process's name in usage object keys: a restarted hub writes new objects beside its old ones, so nothing counted is lost.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N")[..16];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _hasher.UseKey(await _store.ReadOrCreateClientKeyAsync(cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Clients are then hashed with this process's own key: still private, but not merged with other hubs'.
            Log.KeyUnavailable(_logger, e.Message, e);
        }

        await base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The host's stop time may be spent already (requests still draining took the whole shutdown timeout): what
        // was counted is written anyway, within a few seconds of its own, and a stop never fails because of it.
        using var flush = cancellationToken.IsCancellationRequested ? new CancellationTokenSource() : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        flush.CancelAfter(FinalFlushTimeout);
        try
        {
            await FlushAsync(flush.Token);
        }
        catch (OperationCanceledException)
        {
            Log.FinalFlushAbandoned(_logger, FinalFlushTimeout.TotalSeconds);
        }
    }

    /// <summary>Writes every tally recorded into since its last flush.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            foreach (var tally in _recorder.Dirty())
            {
                try
                {
                    await _store.WriteAsync(tally.Snapshot(InstanceId), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    tally.MarkDirty();
                    Log.FlushFailed(_logger, tally.Dataset, e.Message, e);
                }
            }

            _recorder.Trim();
            if (_recorder.TakeDropped() is > 0 and var dropped)
            {
                Log.Dropped(_logger, dropped, UsageRecorder.MaxTallies);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.UsageFlushInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
                await PruneIfDueAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PruneIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_options.UsageRetention <= TimeSpan.Zero || now - _lastPrune < PruneEvery)
        {
            return;
        }

        _lastPrune = now;
        try
        {
            var deleted = await _store.PruneAsync(now - _options.UsageRetention, cancellationToken);
            Log.Pruned(_logger, deleted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.PruneFailed(_logger, e.Message, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Usage of '{Dataset}' was not written (retried at the next flush): {Message}")]
        public static partial void FlushFailed(ILogger logger, string dataset, string message, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "{Count} usage records were dropped: {Max} dataset-hours were already in memory")]
        public static partial void Dropped(ILogger logger, long count, int max);

        [LoggerMessage(3, LogLevel.Warning, "The usage client key could not be read or created; clients are hashed with this hub's own key: {Message}")]
        public static partial void KeyUnavailable(ILogger logger, string message, Exception exception);

        [LoggerMessage(4, LogLevel.Debug, "Deleted {Count} usage objects past retention")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(6, LogLevel.Warning, "Usage recorded since the last flush was not written at stop: the store did not answer within {Seconds} s")]
        public static partial void FinalFlushAbandoned(ILogger logger, double seconds);

        [LoggerMessage(5, LogLevel.Warning, "Deleting old usage objects failed: {Message}")]
        public static partial void PruneFailed(ILogger logger, string message, Exception exception);
    }
}
