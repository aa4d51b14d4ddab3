using AetherFS.Protocol.Rest;
using AetherFS.Storage.Claims;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>Reads the push id a client sends (<c>AetherFS-Push-Id</c>, or the same gRPC metadata key).</summary>
internal static class PushIds
{
    /// <summary>False when the header is present but malformed; <paramref name="pushId"/> is null when it is absent.</summary>
    public static bool TryRead(HttpRequest request, out string? pushId)
    {
        var value = request.Headers[ApiPaths.PushIdHeader].ToString();
        pushId = value.Length == 0 ? null : value;
        return pushId is null || ClaimStore.IsValidPushId(pushId);
    }

    public static string Invalid => $"{ApiPaths.PushIdHeader} must be 32 lowercase hex digits";
}
