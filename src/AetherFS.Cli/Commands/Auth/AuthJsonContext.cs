using System.Text.Json.Serialization;

namespace AetherFS.Cli.Commands.Auth;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<AuthStatusEntry>))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
