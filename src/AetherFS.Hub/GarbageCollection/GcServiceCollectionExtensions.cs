using AetherFS.Hub.Configuration;
using AetherFS.Storage.Blobs;
using AetherFS.Storage.Claims;
using AetherFS.Storage.Retention;
using Microsoft.Extensions.DependencyInjection;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>Registers garbage collection, claims, retention and (with <c>--gc-interval</c>) the periodic job.</summary>
internal static class GcServiceCollectionExtensions
{
    public static IServiceCollection AddGarbageCollection(this IServiceCollection services, HubOptions options)
    {
        services.AddSingleton(sp => new ClaimBudget(sp.GetRequiredService<TimeProvider>(), GarbageCollector.MinimumClaimLifetime));
        services.AddSingleton(sp => new ClaimStore(sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<ClaimBudget>()));
        services.AddSingleton<RetentionStore>();
        services.AddSingleton<ClaimingBlockQueries>();
        services.AddSingleton<RetentionApplier>();
        services.AddSingleton<GarbageCollector>();
        if (options.GcInterval > TimeSpan.Zero)
        {
            services.AddHostedService<GcScheduler>();
        }

        return services;
    }
}
