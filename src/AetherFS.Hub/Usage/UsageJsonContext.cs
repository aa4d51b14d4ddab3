using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherFS.Hub.Usage;

/// <summary>Source-generated JSON of the usage objects in the store.</summary>
[JsonSerializable(typeof(UsageRecord))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
internal sealed partial class UsageJsonContext : JsonSerializerContext;
