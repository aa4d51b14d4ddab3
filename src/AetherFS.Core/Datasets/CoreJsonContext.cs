using System.Text.Json.Serialization;

namespace AetherFS.Core.Datasets;

/// <summary>Source-generated JSON for the records the storage layer persists.</summary>
[JsonSerializable(typeof(TagRecord))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class CoreJsonContext : JsonSerializerContext;
