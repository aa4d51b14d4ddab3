using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AetherFS.Cli.Infrastructure;

/// <summary>
/// Why a server stopped on its own: a background service that failed stops the host, which must then exit non-zero
/// with the failure in one line (the host's own log of it, with its stack trace, is filtered out in LoggingSetup).
/// </summary>
internal static class HostedServiceFailure
{
    public static void ThrowIfAny(IServiceProvider services)
    {
        foreach (var service in services.GetServices<IHostedService>().OfType<BackgroundService>())
        {
            if (service.ExecuteTask is { IsFaulted: true } failed)
            {
                throw failed.Exception!.InnerException ?? failed.Exception;
            }
        }
    }
}
