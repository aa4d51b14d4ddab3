using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherFS.Cli.Commands.Diff;

/// <summary>Source-generated JSON for <c>aetherfs diff --json</c>.</summary>
[JsonSerializable(typeof(DiffReport))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class DiffJsonContext : JsonSerializerContext;
