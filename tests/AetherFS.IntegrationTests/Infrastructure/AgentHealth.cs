using System.Net.Http.Json;
using System.Text.Json;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>Reads an agent's /healthz (200 with each subscription's state, 503 when degraded).</summary>
public static class AgentHealth
{
    public static async Task<(int Status, JsonElement Body)> ReadAsync(HttpClient agent)
    {
        using var response = await agent.GetAsync(new Uri("healthz", UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
