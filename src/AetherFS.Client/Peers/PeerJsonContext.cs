using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherFS.Client.Peers;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PeerBlocksRequest))]
internal sealed partial class PeerJsonContext : JsonSerializerContext;
