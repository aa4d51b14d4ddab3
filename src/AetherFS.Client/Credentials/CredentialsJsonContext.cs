using System.Text.Json.Serialization;

namespace AetherFS.Client.Credentials;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CredentialsDocument))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;
