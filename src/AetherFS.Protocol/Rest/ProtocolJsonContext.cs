using System.Text.Json;
using System.Text.Json.Serialization;

namespace AetherFS.Protocol.Rest;

/// <summary>Source-generated JSON for the REST API, shared by the hub and its clients.</summary>
[JsonSerializable(typeof(DatasetListResponse))]
[JsonSerializable(typeof(TagListResponse))]
[JsonSerializable(typeof(TagInfo))]
[JsonSerializable(typeof(PutTagRequest))]
[JsonSerializable(typeof(MissingBlocksRequest))]
[JsonSerializable(typeof(MissingBlocksResponse))]
[JsonSerializable(typeof(PutManifestResponse))]
[JsonSerializable(typeof(DeleteVersionResponse))]
[JsonSerializable(typeof(RetentionPolicyRequest))]
[JsonSerializable(typeof(RetentionPolicyInfo))]
[JsonSerializable(typeof(GcRequest))]
[JsonSerializable(typeof(GcReport))]
[JsonSerializable(typeof(GcObjectReport))]
[JsonSerializable(typeof(GcPackReport))]
[JsonSerializable(typeof(FetchBlocksRequest))]
[JsonSerializable(typeof(PutPackResponse))]
[JsonSerializable(typeof(GcClaimReport))]
[JsonSerializable(typeof(ExpiredTagInfo))]
[JsonSerializable(typeof(VerifyRequest))]
[JsonSerializable(typeof(VerifyReport))]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(CreatedTokenResponse))]
[JsonSerializable(typeof(TokenListResponse))]
[JsonSerializable(typeof(TokenInfo))]
[JsonSerializable(typeof(AuthConfigResponse))]
[JsonSerializable(typeof(TransferReport))]
[JsonSerializable(typeof(DatasetStatsResponse))]
[JsonSerializable(typeof(Errors.ProblemDocument))]
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
