using System.Text.Json.Serialization;

namespace AetherFS.Storage.Retention;

/// <summary>Source-generated JSON for stored retention policies.</summary>
[JsonSerializable(typeof(RetentionDocument))]
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class RetentionJsonContext : JsonSerializerContext;
