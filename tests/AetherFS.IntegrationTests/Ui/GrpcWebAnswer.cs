namespace AetherFS.IntegrationTests.Ui;

/// <summary>What the browser saw of a gRPC-Web call: HTTP status, content type, the message's text and the trailers.</summary>
public sealed class GrpcWebAnswer
{
    public int Status { get; set; }

    public string ContentType { get; set; } = string.Empty;

    public string Message { get; set; } = string.Empty;

    public string Trailers { get; set; } = string.Empty;
}
