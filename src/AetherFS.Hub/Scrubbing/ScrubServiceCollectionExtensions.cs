using AetherFS.Hub.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub.Scrubbing;

/// <summary>Registers verification of the store and (with <c>--scrub-interval</c>) the periodic job.</summary>
internal static class ScrubServiceCollectionExtensions
{
    public static IServiceCollection AddScrubbing(this IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<StoreScrubber>();
        if (options.ScrubInterval > TimeSpan.Zero)
        {
            services.AddHostedService<ScrubScheduler>();
        }

        return services;
    }
}
