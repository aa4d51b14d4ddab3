namespace AetherFS.Agent.Serving;

/// <summary>REST AgentAPI.Publish: push <see cref="Path"/> under every tag (<c>NAME:TAG</c>).</summary>
internal sealed record AgentPublishRequest(string? Path, IReadOnlyList<string>? Tags);
