using AetherFS.Core.Blocks;
using AetherFS.Core.References;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Claims;

namespace AetherFS.Hub.Application;

/// <summary>
/// The checks every interface applies to what a caller names, with one message each: null when the input is
/// well-formed, else the error to answer.
/// </summary>
internal static class Inputs
{
    public static ApiError? Name(string? name) => DatasetName.Validate(name) is { } error ? ApiError.Invalid(error) : null;

    public static ApiError? Tag(string? tag) => TagName.Validate(tag) is { } error ? ApiError.Invalid(error) : null;

    public static ApiError? Digest(string? digest) =>
        Core.References.Digest.IsValid(digest) ? null : ApiError.Invalid($"invalid digest '{digest}'");

    /// <summary>A tag, or a manifest digest where the interface takes either.</summary>
    public static ApiError? TagOrDigest(string? reference) => Core.References.Digest.IsValid(reference) ? null : Tag(reference);

    public static ApiError? Signature(string? signature) =>
        BlockSignature.IsValid(signature) ? null : ApiError.Invalid($"invalid block signature '{signature}': expected 64 lowercase hex characters");

    /// <summary>The push id a client sends (REST header, gRPC metadata); absent (null or empty) is allowed.</summary>
    public static ApiError? PushId(string? pushId) =>
        string.IsNullOrEmpty(pushId) || ClaimStore.IsValidPushId(pushId) ? null : ApiError.Invalid($"{ApiPaths.PushIdHeader} must be 32 lowercase hex digits");

    /// <summary>A push id as the stores take it: absent is null.</summary>
    public static string? PushIdOrNull(string? pushId) => string.IsNullOrEmpty(pushId) ? null : pushId;

    /// <summary>Who published a tag, as recorded and shown in every listing: bounded, and printable.</summary>
    public static ApiError? Publisher(string? publisher) => publisher switch
    {
        null => null,
        { Length: > HubLimits.MaxPublisherLength } => ApiError.Invalid($"publisher is longer than {HubLimits.MaxPublisherLength} characters"),
        _ when publisher.Any(char.IsControl) => ApiError.Invalid("publisher holds control characters"),
        _ => null,
    };

    /// <summary>The first error of a name and a tag.</summary>
    public static ApiError? NameAndTag(string? name, string? tag) => Name(name) ?? Tag(tag);
}
