namespace AetherFS.Agent.Serving;

/// <summary>The digest of the version published.</summary>
internal sealed record AgentPublishResponse(string Digest);
