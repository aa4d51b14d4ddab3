using Grpc.Core;

namespace AetherFS.Hub.Grpc;

/// <summary>The push id a gRPC client sends as metadata, as REST clients send the <c>AetherFS-Push-Id</c> header.</summary>
internal static class PushIdMetadata
{
    private const string Key = "aetherfs-push-id";

    public static string? PushId(this ServerCallContext context) => context.RequestHeaders.GetValue(Key);
}
