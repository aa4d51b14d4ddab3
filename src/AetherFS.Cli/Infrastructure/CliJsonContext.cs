using System.Text.Json;
using System.Text.Json.Serialization;
using AetherFS.Client.Pull;
using AetherFS.Client.Push;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Infrastructure;

/// <summary>Source-generated JSON for the CLI's --json output.</summary>
[JsonSerializable(typeof(PushResult))]
[JsonSerializable(typeof(PullResult))]
[JsonSerializable(typeof(InspectSummary))]
[JsonSerializable(typeof(List<DatasetSummary>))]
[JsonSerializable(typeof(List<DatasetListing>))]
[JsonSerializable(typeof(List<TagListing>))]
[JsonSerializable(typeof(List<InspectEntry>))]
[JsonSerializable(typeof(TagListResponse))]
[JsonSerializable(typeof(DatasetStatsResponse))]
[JsonSerializable(typeof(GcReport))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(RetentionPolicyInfo))]
[JsonSerializable(typeof(CreatedTokenResponse))]
[JsonSerializable(typeof(TokenListResponse))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class CliJsonContext : JsonSerializerContext;
