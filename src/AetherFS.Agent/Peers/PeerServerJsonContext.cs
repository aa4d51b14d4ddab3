using System.Text.Json;
using System.Text.Json.Serialization;
using AetherFS.Client.Peers;

namespace AetherFS.Agent.Peers;

/// <summary>Source-generated JSON for the requests peers send this agent.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PeerBlocksRequest))]
internal sealed partial class PeerServerJsonContext : JsonSerializerContext;
