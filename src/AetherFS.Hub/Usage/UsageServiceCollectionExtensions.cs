using AetherFS.Hub.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AetherFS.Hub.Usage;

/// <summary>Registers usage recording (unless <c>--no-usage-stats</c>) and the stats query, which reads what any hub recorded.</summary>
internal static class UsageServiceCollectionExtensions
{
    public static IServiceCollection AddUsage(this IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<ClientHasher>();
        services.AddSingleton<UsageRecorder>();
        services.AddSingleton<UsageStore>();
        services.AddSingleton<DatasetStorage>();
        services.AddSingleton<DatasetStatsQuery>();
        if (options.UsageStats)
        {
            services.AddSingleton<UsageFlusher>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<UsageFlusher>());
        }

        return services;
    }
}
