using System.Text.Json;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>An agent the tests watch: in this process (<see cref="AgentHost"/>) or a real process (<see cref="AgentProcess"/>).</summary>
public interface IAgent
{
    Uri Url { get; }

    string Output { get; }

    /// <summary>The agent's /healthz: HTTP status and body.</summary>
    Task<(int Status, JsonElement Body)> HealthAsync();

    /// <summary>A subscription's status from /healthz.</summary>
    Task<JsonElement> SubscriptionAsync(int index = 0);

    /// <summary>Waits until <paramref name="condition"/> holds, failing with the agent's output after <paramref name="timeout"/>.</summary>
    Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null);
}
