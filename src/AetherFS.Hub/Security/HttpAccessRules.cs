using AetherFS.Hub.Endpoints;
using AetherFS.Protocol.Rest;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AetherFS.Hub.Security;

/// <summary>
/// Maps each HTTP request to what it needs, from the endpoint routing chose and the route values it extracted, so the
/// check reads the request exactly as the handler will (no second parser that could disagree). A route missing
/// from this table needs admin: a new endpoint is closed until someone decides who may call it.
/// </summary>
internal static class HttpAccessRules
{
    public static RequiredAccess For(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>() is { } grpc)
        {
            // The messages name the datasets: the gRPC interceptor checks them; health is as open as /healthz.
            return grpc.Method.ServiceName switch
            {
                "grpc.health.v1.Health" => RequiredAccess.Open,
                "grpc.reflection.v1.ServerReflection" or "grpc.reflection.v1alpha.ServerReflection" => RequiredAccess.SignedIn,
                _ => RequiredAccess.Caller,
            };
        }

        if (endpoint is not RouteEndpoint route)
        {
            // Swagger UI is middleware, not an endpoint; anything else unrouted is a 404 for any caller.
            return context.Request.Path.StartsWithSegments("/swagger", StringComparison.OrdinalIgnoreCase) ? RequiredAccess.SignedIn : RequiredAccess.Caller;
        }

        var method = context.Request.Method;
        string Value(string key) => context.GetRouteValue(key) as string ?? string.Empty;
        return route.RoutePattern.RawText switch
        {
            "/healthz" or "/" or ApiPaths.AuthConfig => RequiredAccess.Open, // how to sign in: asked before signing in
            Ui.UiPaths.Assets + "{file}" => RequiredAccess.Open,
            // The sign-in form checks the password itself; sign-out ends the session its cookie names, whatever it is.
            Ui.UiPaths.SignIn or Ui.UiPaths.SignOut or Ui.UiPaths.OidcSignIn or Ui.UiPaths.OidcCallback => RequiredAccess.Open,
            "/ui" or ApiPaths.Datasets or ApiPaths.WhoAmI => RequiredAccess.Caller,
            Ui.UiPaths.Datasets + "{**path}" => RequiredAccess.Dataset(DatasetActions.Read, Ui.UiEndpoints.DatasetNameOf(Value("path"))),
            // Metrics show traffic and storage of every dataset: on a hub with access control, an admin's (Prometheus
            // sends a token with its authorization setting). Without access control everything is open, /metrics too.
            Serving.Telemetry.ServingTelemetry.MetricsPath => RequiredAccess.Admin,
            "/fs/{**path}" => RequiredAccess.Caller, // the file server asks the gate for each dataset it resolves
            OpenApi.ApiDocumentationEndpoints.DocumentPath => RequiredAccess.SignedIn,
            ApiPaths.Tokens or TokenEndpoints.NamePath => RequiredAccess.SignedIn, // the endpoints decide whose tokens
            ApiPaths.Blocks + "/{signature}" => method switch
            {
                "HEAD" => RequiredAccess.BlockExists(Value("signature")),
                "GET" => RequiredAccess.Block(Value("signature")),
                _ => RequiredAccess.WriteAnywhere,
            },
            ApiPaths.MissingBlocks => RequiredAccess.WriteAnywhere,
            ApiPaths.FetchBlocks => RequiredAccess.Caller, // the endpoint checks each block the body names
            ApiPaths.Packs + "/{id}" or ApiPaths.Pushes + "/{pushId}" => RequiredAccess.WriteAnywhere,
            ApiPaths.Manifests + "/{digest}/transfer" => RequiredAccess.Manifest(Value("digest")), // the endpoint checks ?from= alike
            ApiPaths.Manifests + "/{digest}" => method is "GET" or "HEAD" ? RequiredAccess.Manifest(Value("digest")) : RequiredAccess.WriteAnywhere,
            ApiPaths.Datasets + "/{**path}" => ForDataset(method, Value("path")),
            _ => RequiredAccess.Admin,
        };
    }

    private static RequiredAccess ForDataset(string method, string path) => (method, DatasetEndpoints.Parse(path)) switch
    {
        (_, (null, _, _)) => RequiredAccess.Caller, // not a route: 404 for anyone
        (_, ("retention", _, _)) when method != "GET" => RequiredAccess.Admin,
        ("GET", ("manifests", { } name, { } reference)) => RequiredAccess.Version(name, reference),
        ("GET", (_, { } name, _)) => RequiredAccess.Dataset(DatasetActions.Read, name),
        ("PUT", (_, { } name, _)) => RequiredAccess.Dataset(DatasetActions.Write, name),
        ("DELETE", (_, { } name, _)) => RequiredAccess.Dataset(DatasetActions.Delete, name),
        _ => RequiredAccess.Admin,
    };
}
