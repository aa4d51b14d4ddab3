using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Applies --log-level and --log-format: logs go to stderr, as text or one JSON object a line.</summary>
internal static class LoggingSetup
{
    public static Action<ILoggingBuilder> Configure(string level, string format)
    {
        var minimum = level.ToLowerInvariant() switch
        {
            "trace" => LogLevel.Trace,
            "debug" => LogLevel.Debug,
            "info" or "information" => LogLevel.Information,
            "warn" or "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => throw new CliException($"invalid --log-level '{level}': use trace, debug, info, warn or error"),
        };
        if (format is not ("text" or "json"))
        {
            throw new CliException($"invalid --log-format '{format}': use text or json");
        }

        return logging =>
        {
            logging.SetMinimumLevel(minimum);
            logging.AddFilter("Microsoft.AspNetCore", minimum < LogLevel.Warning ? LogLevel.Warning : minimum);
            logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);

            // The host logs a failure to start or a failed background service with its stack trace; the run
            // commands report both themselves, in one line (HostedServiceFailure).
            logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            if (format == "json")
            {
                logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
            }
            else
            {
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                });
            }

            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        };
    }
}
