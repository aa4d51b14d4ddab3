using AetherFS.Core.References;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace AetherFS.Agent.Serving;

/// <summary>
/// The agent's HTTP side: <c>/healthz</c> (200 with each subscription's state and the peers', 503 when degraded) and the REST
/// form of AgentAPI under <c>/api/v1/agent</c>: publish, subscribe (server-sent events) and shutdown.
/// </summary>
internal static class AgentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (AgentRuntime runtime) =>
        {
            var body = new AgentHealth(runtime.IsDegraded ? "degraded" : "ok", runtime.Workers.Select(w => w.Status).ToList(), runtime.Mounts.Select(m => m.Status).ToList(), runtime.Cache.UsedBytes, runtime.Cache.BudgetBytes)
            {
                PeerMode = runtime.PeerMode switch { Configuration.PeerMode.Serve => "serve", Configuration.PeerMode.FetchOnly => "fetch-only", _ => "off" },
                Peers = runtime.Peers?.States() ?? [],
            };
            return Results.Json(body, AgentJsonContext.Default.AgentHealth, statusCode: runtime.IsDegraded ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });

        app.MapPost("/api/v1/agent/publish", async (AgentPublishRequest request, AgentRuntime runtime, CancellationToken cancellationToken) =>
        {
            var targets = new List<DatasetReference>();
            foreach (var tag in request.Tags ?? [])
            {
                if (!DatasetReference.TryParse(tag, out var reference, out var error))
                {
                    return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
                }

                targets.Add(reference);
            }

            if (targets.Count == 0 || string.IsNullOrEmpty(request.Path))
            {
                return Results.Problem("give a path and at least one tag", statusCode: StatusCodes.Status400BadRequest);
            }

            var result = await runtime.PublishAsync(request.Path, targets, cancellationToken);
            return Results.Json(new AgentPublishResponse(result.Digest), AgentJsonContext.Default.AgentPublishResponse);
        });

        // The REST form of AgentAPI.Subscribe, for every subscription.
        app.MapGet("/api/v1/agent/subscribe", (AgentRuntime runtime, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(runtime.VersionsAsync((_, _) => true, cancellationToken), "version"));

        app.MapPost("/api/v1/agent/shutdown", (IHostApplicationLifetime lifetime) =>
        {
            lifetime.StopApplication();
            return Results.Accepted();
        });
    }
}
