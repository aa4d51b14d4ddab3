using System.Text.Json;
using System.Text.Json.Serialization;
using AetherFS.Agent.Sync;

namespace AetherFS.Agent.Serving;

/// <summary>Source-generated JSON for the agent's HTTP answers.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AgentHealth))]
[JsonSerializable(typeof(AgentPublishRequest))]
[JsonSerializable(typeof(AgentPublishResponse))]
[JsonSerializable(typeof(SyncedVersion))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
