using System.Net.Http.Json;
using AetherFS.Protocol.Rest;

namespace AetherFS.Client.Hub;

/// <summary>API tokens: created, listed and revoked by a signed-in user (not by a token). None of these is retried.</summary>
public sealed partial class HubClient
{
    /// <summary>Creates a token; the answer holds its secret, which the hub never shows again.</summary>
    public async Task<CreatedTokenResponse> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, ApiPaths.Tokens)
            {
                Content = JsonContent.Create(request, ProtocolJsonContext.Default.CreateTokenRequest),
            },
            cancellationToken);
        return (await response.Content.ReadFromJsonAsync(ProtocolJsonContext.Default.CreatedTokenResponse, cancellationToken))!;
    }

    public Task<TokenListResponse> ListTokensAsync(CancellationToken cancellationToken) =>
        GetJsonAsync(ApiPaths.Tokens, ProtocolJsonContext.Default.TokenListResponse, cancellationToken);

    /// <summary>Revokes a token of the caller's (an admin may name another <paramref name="owner"/>).</summary>
    public async Task RevokeTokenAsync(string name, string? owner, CancellationToken cancellationToken)
    {
        var path = ApiPaths.Tokens + "/" + Uri.EscapeDataString(name) + (owner is null ? string.Empty : "?owner=" + Uri.EscapeDataString(owner));
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);
    }
}
