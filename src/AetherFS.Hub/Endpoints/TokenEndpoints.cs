using System.Text.RegularExpressions;
using AetherFS.Core.Units;
using AetherFS.Hub.Http;
using AetherFS.Hub.Security;
using AetherFS.Hub.Security.Tokens;
using AetherFS.Protocol.Errors;
using AetherFS.Protocol.Rest;
using AetherFS.Serving.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Endpoints;

/// <summary>
/// <c>/api/v1/tokens</c>: signed-in users create, list and revoke API tokens for themselves (admins for anyone). The
/// secret is answered once, at creation; the hub keeps only its hash. Tokens cannot manage tokens, so a leaked one
/// cannot mint successors that outlive its revocation.
/// </summary>
internal static partial class TokenEndpoints
{
    public const string NamePath = ApiPaths.Tokens + "/{tokenName}";
    private const int MaxBody = 64 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(ApiPaths.Tokens, CreateAsync);
        app.MapGet(ApiPaths.Tokens, ListAsync);
        app.MapDelete(NamePath, RevokeAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AccessPolicy policy, ApiTokenStore tokens, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var principal = Caller.Of(context);
        if (Refusal(policy, principal) is { } refused)
        {
            return refused;
        }

        var (body, error) = await JsonBody.ReadAsync(context.Request, ProtocolJsonContext.Default.CreateTokenRequest, MaxBody, cancellationToken);
        if (error is not null)
        {
            return error.ToResult();
        }

        var owner = body!.Owner ?? principal.Name;
        if (owner != principal.Name && !policy.IsAdmin(principal))
        {
            return Forbidden("only admins may create tokens for another user");
        }

        if (Validate(body, owner, policy.Configuration!) is { } invalid)
        {
            return ApiError.Invalid(invalid).ToResult();
        }

        var now = time.GetUtcNow();
        var expires = body.Expires is { } text && Duration.TryParse(text, out var span) ? now + span : (DateTimeOffset?)null;
        var token = new TokenInfo(body.Name!, owner, body.Datasets!, body.Actions!, expires, now);
        var secret = await tokens.CreateAsync(token, cancellationToken);
        if (secret is null)
        {
            return new ApiError(ErrorKind.AlreadyExists, $"{owner} already has a token named '{token.Name}'; revoke it first").ToResult();
        }

        audit.TokenCreated(principal, owner, token.Name);
        return Results.Json(new CreatedTokenResponse(secret, token), ProtocolJsonContext.Default.CreatedTokenResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(HttpContext context, AccessPolicy policy, ApiTokenStore tokens, CancellationToken cancellationToken)
    {
        var principal = Caller.Of(context);
        if (Refusal(policy, principal) is { } refused)
        {
            return refused;
        }

        var all = policy.IsAdmin(principal);
        var list = new List<TokenInfo>();
        await foreach (var token in tokens.ListAsync(cancellationToken))
        {
            if (all || token.Owner == principal.Name)
            {
                list.Add(token);
            }
        }

        list.Sort((a, b) => (string.CompareOrdinal(a.Owner, b.Owner), string.CompareOrdinal(a.Name, b.Name)) switch { (0, var n) => n, (var o, _) => o });
        return Results.Json(new TokenListResponse(list), ProtocolJsonContext.Default.TokenListResponse);
    }

    private static async Task<IResult> RevokeAsync(string tokenName, string? owner, HttpContext context, AccessPolicy policy, ApiTokenStore tokens, AuditLog audit, CancellationToken cancellationToken)
    {
        var principal = Caller.Of(context);
        if (Refusal(policy, principal) is { } refused)
        {
            return refused;
        }

        owner ??= principal.Name;
        if (owner != principal.Name && !policy.IsAdmin(principal))
        {
            return Forbidden("only admins may revoke another user's tokens");
        }

        if (!await tokens.RevokeAsync(owner, tokenName, cancellationToken))
        {
            return ApiError.NotFound($"{owner} has no token named '{tokenName}'").ToResult();
        }

        audit.TokenRevoked(principal, owner, tokenName);
        return Results.NoContent();
    }

    private static IResult? Refusal(AccessPolicy policy, Principal principal) =>
        !policy.Enabled ? ApiError.NotFound("this hub was started without --auth-config: it checks no credentials, so it has no tokens").ToResult()
        : principal.Kind == PrincipalKind.Token ? Forbidden("an API token cannot manage tokens; sign in as a user")
        : principal.IsAnonymous ? Forbidden("sign in to manage tokens")
        : null;

    private static string? Validate(CreateTokenRequest body, string owner, AuthConfiguration configuration)
    {
        if (body.Name is null || !TokenName().IsMatch(body.Name))
        {
            return "a token needs a name: 1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit";
        }

        if (!configuration.Users.ContainsKey(owner))
        {
            // An OIDC user's rights come with each of their tokens (its groups); a hub-made token could not know them
            // later, so services of OIDC users take the issuer's own tokens (client_credentials) instead.
            return configuration.Oidc is null
                ? $"'{owner}' is not a user of this hub"
                : $"'{owner}' is not a user of this hub's configuration: API tokens belong to its users; for a service, use an access token from the OIDC issuer (client_credentials) in AETHERFS_TOKEN";
        }

        if (body.Datasets is not { Count: > 0 } || body.Actions is not { Count: > 0 })
        {
            return "a token needs at least one dataset pattern and one action";
        }

        if (body.Expires is { } expires && !(Duration.TryParse(expires, out var span) && span > TimeSpan.Zero))
        {
            return $"expires '{expires}' is not a positive duration such as 90d or 12h";
        }

        try
        {
            TokenScope.Parse(body.Name, body.Datasets, body.Actions);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    private static IResult Forbidden(string detail) => Results.Problem(detail: detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TokenName();
}
