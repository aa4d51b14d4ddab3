using System.Text;
using AetherFS.Hub.Configuration;
using AetherFS.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// <c>--gc-interval</c>: collects every interval with <c>--gc-grace</c>. Hubs sharing a store each run the job; one
/// skips its turn when another hub finished a collection within the last half interval, so a store sees about one
/// or two collections per interval whatever the number of hubs (and two at once are safe anyway).
/// </summary>
internal sealed partial class GcScheduler : BackgroundService
{
    private readonly GarbageCollector _collector;
    private readonly IBlobStore _blobs;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<GcScheduler> _logger;

    public GcScheduler(GarbageCollector collector, IBlobStore blobs, HubOptions options, TimeProvider time, ILogger<GcScheduler> logger)
    {
        _collector = collector;
        _blobs = blobs;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.GcInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CollectOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CollectOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await AnotherHubRanRecentlyAsync(cancellationToken))
            {
                return;
            }

            await _collector.RunAsync(new GcRunOptions(DryRun: false, _options.GcGrace, _options.GcMaxUnused / 100.0), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next turn tries again; a store that stays damaged keeps saying why in the log.
            Log.Failed(_logger, e.Message, e);
        }
    }

    private async Task<bool> AnotherHubRanRecentlyAsync(CancellationToken cancellationToken)
    {
        var last = await _blobs.HeadAsync(GarbageCollector.LastRunKey, cancellationToken);
        if (last is null || _time.GetUtcNow().UtcDateTime - last.LastModified > _options.GcInterval / 2)
        {
            return false;
        }

        await using var content = await _blobs.OpenReadAsync(GarbageCollector.LastRunKey, 0, null, cancellationToken);
        if (content is null)
        {
            return false;
        }

        using var reader = new StreamReader(content.Stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken) != _collector.InstanceId;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Periodic garbage collection failed: {Message}")]
        public static partial void Failed(ILogger logger, string message, Exception exception);
    }
}
