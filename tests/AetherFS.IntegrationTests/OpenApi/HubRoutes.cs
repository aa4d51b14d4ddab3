using AetherFS.Hub;
using AetherFS.Hub.Configuration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AetherFS.IntegrationTests.OpenApi;

/// <summary>The routes the hub maps, read from its application built in-process (never started).</summary>
public sealed class HubRoutes
{
    private static readonly Lazy<Task<HubRoutes>> Shared = new(LoadAsync);

    private HubRoutes(IReadOnlyList<MappedRoute> routes) => Routes = routes;

    public IReadOnlyList<MappedRoute> Routes { get; }

    /// <summary>Whether the HTTP file server is part of this build (it is developed on its own branch).</summary>
    public bool MapsFileServer => Routes.Any(r => r.Template.StartsWith("/fs", StringComparison.Ordinal));

    public static Task<HubRoutes> GetAsync() => Shared.Value;

    /// <summary>The routes a request would reach: same method, template matching the path.</summary>
    public IEnumerable<MappedRoute> Matching(string method, string path) =>
        Routes.Where(r => r.Methods.Contains(method) && r.Matches(path));

    private static async Task<HubRoutes> LoadAsync()
    {
        using var storage = new TempDirectory();
        await using var app = HubApplication.Build(new HubOptions { Port = 0, ListenAddress = "127.0.0.1", StoragePath = storage.Path });
        var routes = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(endpoint => new MappedRoute(
                endpoint.RoutePattern.RawText ?? string.Empty,
                endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? [],
                new TemplateMatcher(new RouteTemplate(endpoint.RoutePattern), new Microsoft.AspNetCore.Routing.RouteValueDictionary())))
            .ToList();
        return new HubRoutes(routes);
    }
}
