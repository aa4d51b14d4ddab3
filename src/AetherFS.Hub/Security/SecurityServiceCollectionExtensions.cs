using AetherFS.Hub.Configuration;
using AetherFS.Serving.FileServer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AetherFS.Hub.Security;

/// <summary>Registers authentication and authorization; the configuration is read (and refused if invalid) here, at start.</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddHubSecurity(this IServiceCollection services, HubOptions options)
    {
        var configuration = options.AuthConfigPath is { } path ? AuthConfigurationFile.Load(path) : null;
        services.AddSingleton(new AccessPolicy(configuration));
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Tokens.ApiTokenStore>();
        services.AddSingleton<Sessions.SessionStore>();
        if (configuration?.Oidc is { } oidc)
        {
            services.AddSingleton(provider => new Oidc.OidcTokenValidator(oidc, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<Oidc.OidcTokenValidator>>()));
            services.AddSingleton(provider => new Oidc.OidcCodeFlow(oidc, provider.GetRequiredService<Oidc.OidcTokenValidator>()));
        }

        services.AddSingleton<Authenticator>();
        services.AddSingleton<BlockMembership>();
        services.AddSingleton<AccessCheck>();
        services.AddSingleton<IDatasetReadGate, FileServerReadGate>();
        return services;
    }
}
