using System.Net.Http.Headers;
using AetherFS.Core.Blocks;
using AetherFS.Protocol.Rest;

namespace AetherFS.IntegrationTests.Deltas;

/// <summary>
/// Shows a hub manifest uploads as a hub from before manifest deltas sees them: whatever the body, it is taken for the
/// manifest's JSON. Counts the uploads by the media type the client sent.
/// </summary>
public sealed class PayloadBlindHandler : DelegatingHandler
{
    public PayloadBlindHandler()
        : base(new SocketsHttpHandler())
    {
    }

    public List<string> ManifestUploads { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.StartsWith(ApiPaths.Manifests + "/", StringComparison.Ordinal) && request.Content is { } content)
        {
            var sent = content.Headers.ContentType!.MediaType!;
            ManifestUploads.Add(sent);
            if (sent == BlockPayload.MediaType)
            {
                content.Headers.ContentType = new MediaTypeHeaderValue(ApiPaths.ManifestMediaType);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
