using AetherFS.Protocol.Block.V1;
using AetherFS.Protocol.Dataset.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace AetherFS.Hub.Security;

/// <summary>
/// The gRPC side of the one authorization point: the access middleware has authenticated the call; this asks
/// <see cref="AccessCheck"/> about the datasets, blocks and tags each message names, before the service sees it.
/// A message this does not know is refused, so a new RPC is closed until someone decides who may call it.
/// </summary>
internal sealed class GrpcAccessInterceptor : Interceptor
{
    private readonly AccessCheck _access;
    private readonly AuditLog _audit;

    public GrpcAccessInterceptor(AccessCheck access, AuditLog audit)
    {
        _access = access;
        _audit = audit;
    }

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await DemandAsync(request, context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await DemandAsync(request, context);
        await continuation(request, responseStream, context);
    }

    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream, message => DemandAsync(message!, context)), context);

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new CheckedReader<TRequest>(requestStream, message => DemandAsync(message!, context)), responseStream, context);

    private async Task DemandAsync(object request, ServerCallContext context)
    {
        if (!_access.Policy.Enabled)
        {
            return;
        }

        var http = context.GetHttpContext();
        var principal = Caller.Of(http);
        foreach (var required in Required(request))
        {
            var verdict = await _access.DecideAsync(principal, required, context.CancellationToken);
            if (verdict != AccessVerdict.Allowed)
            {
                _audit.Denied(principal, "grpc", context.Method, required.Describe(), AccessMiddleware.AddressOf(http));
                throw new RpcException(verdict == AccessVerdict.SignInRequired
                    ? new Status(StatusCode.Unauthenticated, "sign in to do this")
                    : new Status(StatusCode.PermissionDenied, "you may not do this"));
            }

            if (required.Changes)
            {
                _audit.Changed(principal, "grpc", context.Method, required.Describe(), 0, AccessMiddleware.AddressOf(http));
            }
        }
    }

    private static IEnumerable<RequiredAccess> Required(object request) => request switch
    {
        ListRequest => [RequiredAccess.Caller], // answered filtered to what the caller may read
        ListTagsRequest r => [RequiredAccess.Dataset(DatasetActions.Read, r.Name)],
        Protocol.Dataset.V1.LookupRequest r => [RequiredAccess.Version(r.Tag?.Name ?? string.Empty, r.Tag?.Version ?? string.Empty)],
        DeleteRequest r => [RequiredAccess.Dataset(DatasetActions.Delete, r.Tag?.Name ?? string.Empty)],
        SubscribeRequest r => r.Tags.Select(t => RequiredAccess.Dataset(DatasetActions.Read, t.Name)),
        PublishRequest r => r.Tags.Select(t => RequiredAccess.Dataset(DatasetActions.Write, t.Name)),
        Protocol.Block.V1.LookupRequest r => [RequiredAccess.BlockExists(r.Signature)],
        FindMissingRequest or UploadRequest => [RequiredAccess.WriteAnywhere],
        DownloadRequest r => [RequiredAccess.Block(r.Signature)],
        global::Grpc.Health.V1.HealthCheckRequest => [RequiredAccess.Open],
        global::Grpc.Reflection.V1.ServerReflectionRequest or global::Grpc.Reflection.V1Alpha.ServerReflectionRequest => [RequiredAccess.SignedIn],
        _ => [RequiredAccess.Admin],
    };

    private sealed class CheckedReader<T> : IAsyncStreamReader<T>
    {
        private readonly IAsyncStreamReader<T> _inner;
        private readonly Func<T, Task> _demand;

        public CheckedReader(IAsyncStreamReader<T> inner, Func<T, Task> demand)
        {
            _inner = inner;
            _demand = demand;
        }

        public T Current => _inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await _inner.MoveNext(cancellationToken))
            {
                return false;
            }

            await _demand(_inner.Current);
            return true;
        }
    }
}
