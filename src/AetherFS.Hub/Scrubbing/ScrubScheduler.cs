using AetherFS.Hub.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Scrubbing;

/// <summary>
/// <c>--scrub-interval</c>: verifies the store every interval, at <c>--scrub-rate</c>. Each hub sharing a store runs
/// its own: enable it on one of them.
/// </summary>
internal sealed partial class ScrubScheduler : BackgroundService
{
    private readonly StoreScrubber _scrubber;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ScrubScheduler> _logger;

    public ScrubScheduler(StoreScrubber scrubber, HubOptions options, TimeProvider time, ILogger<ScrubScheduler> logger)
    {
        _scrubber = scrubber;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ScrubInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await _scrubber.RunAsync(new ScrubRunOptions(_options.ScrubRate), stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The next turn tries again; what it found bad is in the log either way.
                    Log.Failed(_logger, e.Message, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Periodic verification of the store failed: {Message}")]
        public static partial void Failed(ILogger logger, string message, Exception exception);
    }
}
