using System.Text.Json.Serialization;

namespace AetherFS.Client.Hub;

[JsonSerializable(typeof(HubIdentity))]
internal sealed partial class HubIdentityJsonContext : JsonSerializerContext;
