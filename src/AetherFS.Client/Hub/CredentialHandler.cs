namespace AetherFS.Client.Hub;

/// <summary>Sets each request's <c>Authorization</c> from a <see cref="IHubCredentialSource"/>, asked per request.</summary>
internal sealed class CredentialHandler : DelegatingHandler
{
    private readonly IHubCredentialSource _source;

    public CredentialHandler(IHubCredentialSource source, HttpMessageHandler inner)
        : base(inner) => _source = source;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = (await _source.CurrentAsync(cancellationToken)).ToHeader();
        return await base.SendAsync(request, cancellationToken);
    }
}
