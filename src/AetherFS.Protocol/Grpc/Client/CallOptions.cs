namespace AetherFS.Protocol.Grpc.Client;

/// <summary>Per-call settings: the deadline is sent as <c>grpc-timeout</c> and enforced on this side too.</summary>
public readonly record struct CallOptions(TimeSpan? Deadline = null)
{
    public static CallOptions Default => default;
}
