using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;

namespace AetherFS.Hub.Application;

/// <summary>The bounds of what one request may ask for, the same on every interface.</summary>
internal static class HubLimits
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    /// <summary>Tags one Subscribe stream (gRPC) or watch (REST) may follow.</summary>
    public const int MaxSubscribedTags = 1000;

    /// <summary>Signatures one "which are missing" question may name.</summary>
    public const int MaxMissingQuery = MissingBlocksRequest.MaxSignatures;

    /// <summary>The longest publisher a tag records (who published it: a user@host, a CI job's name).</summary>
    public const int MaxPublisherLength = 256;

    /// <summary>A tag's JSON body: a digest and a publisher, a few hundred bytes.</summary>
    public const int MaxTagBody = 16 * 1024;

    /// <summary>A retention policy's JSON body.</summary>
    public const int MaxRetentionBody = 64 * 1024;

    /// <summary>A garbage collection request's JSON body.</summary>
    public const int MaxGcBody = 4 * 1024;

    /// <summary>A list of up to 4,096 signatures (which are missing, fetch), about 70 bytes each.</summary>
    public const int MaxSignatureListBody = 512 * 1024;

    /// <summary>The error for a manifest over the hub's limit, whichever interface noticed.</summary>
    public static ApiError ManifestTooLarge(int maxBytes) => ApiError.TooLarge($"manifest is larger than the hub's limit of {maxBytes} bytes");

    /// <summary>A page size as asked (null: the default), or the error when out of bounds.</summary>
    public static Outcome<int> PageSize(long? requested, string parameter) => requested switch
    {
        null => DefaultPageSize,
        < 1 or > MaxPageSize => ApiError.Invalid($"{parameter} must be between 1 and {MaxPageSize}"),
        _ => (int)requested,
    };
}
