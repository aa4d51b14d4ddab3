namespace AetherFS.Protocol.Grpc.Client;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>The largest message the client accepts; a Lookup answer carries a whole manifest.</summary>
    public int MaxReceiveMessageSize { get; set; } = Rest.ApiPaths.MaxManifestBytes;

    /// <summary>The largest message the client sends.</summary>
    public int MaxSendMessageSize { get; set; } = 64 * 1024 * 1024;

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Replaces the default handler (for tests, or custom TLS trust).</summary>
    public HttpMessageHandler? Handler { get; set; }
}
