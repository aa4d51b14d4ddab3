using AetherFS.Agent.Sync;
using AetherFS.Client.Hub;
using AetherFS.Client.Push;
using AetherFS.Core.References;
using AetherFS.Hub.Grpc.Server;
using AetherFS.Protocol.Agent.V1;
using AetherFS.Protocol.Grpc;
using AetherFS.Protocol.Grpc.Mapping;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.Hosting;

namespace AetherFS.Agent.Serving;

/// <summary>
/// <c>aetherfs.agent.v1.AgentAPI</c>: what the app beside the agent may ask. Publish pushes a local directory to
/// the hub; Subscribe reports where each synced tag stands and every swap; GracefulShutdown stops the agent
/// after in-flight swaps.
/// </summary>
internal sealed class AgentApiService : IGrpcService
{
    private readonly AgentRuntime _runtime;
    private readonly IHostApplicationLifetime _lifetime;

    public AgentApiService(AgentRuntime runtime, IHostApplicationLifetime lifetime)
    {
        _runtime = runtime;
        _lifetime = lifetime;
    }

    private static ServiceDescriptor Service => ApiReflection.Descriptor.Services[0];

    public IReadOnlyList<ServiceDescriptor> Descriptors => [Service];

    public IEnumerable<GrpcMethod> Methods =>
    [
        new UnaryMethod<PublishRequest, PublishResponse>(Service, "Publish", PublishRequest.Parser, PublishAsync),
        new ServerStreamingMethod<SubscribeRequest>(Service, "Subscribe", SubscribeRequest.Parser, SubscribeAsync),
        new UnaryMethod<GracefulShutdownRequest, GracefulShutdownResponse>(Service, "GracefulShutdown", GracefulShutdownRequest.Parser, ShutdownAsync),
    ];

    private async Task<PublishResponse> PublishAsync(PublishRequest request, GrpcServerCall call)
    {
        if (request.Tags.Count == 0)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "give at least one tag to publish under");
        }

        var targets = new List<DatasetReference>();
        foreach (var tag in request.Tags)
        {
            targets.Add(DatasetReference.TryParse($"{tag.Name}:{tag.Version}", out var reference, out var error)
                ? reference
                : throw new GrpcException(GrpcStatusCode.InvalidArgument, error));
        }

        try
        {
            var result = await _runtime.PublishAsync(request.Path, targets, call.CancellationToken);
            return new PublishResponse { Digest = result.Digest };
        }
        catch (HubException e)
        {
            throw new GrpcException(e.IsNotFound ? GrpcStatusCode.NotFound : GrpcStatusCode.FailedPrecondition, e.Message);
        }
        catch (HubUnavailableException e)
        {
            throw new GrpcException(GrpcStatusCode.Unavailable, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new GrpcException(GrpcStatusCode.InvalidArgument, e.Message);
        }
    }

    private async Task SubscribeAsync(SubscribeRequest request, GrpcServerCall call)
    {
        var wanted = request.Tags.Select(t => (t.Name, t.Version)).ToHashSet();
        bool Wanted(string name, string tag) => wanted.Count == 0 || wanted.Contains((name, tag));
        var unknown = wanted.FirstOrDefault(w => !_runtime.Workers.Any(x => x.Spec.Name == w.Name && x.Spec.Tag == w.Version));
        if (unknown != default)
        {
            throw new GrpcException(GrpcStatusCode.NotFound, $"this agent does not sync {unknown.Name}:{unknown.Version}");
        }

        await foreach (var version in _runtime.VersionsAsync(Wanted, call.CancellationToken))
        {
            await call.WriteAsync(Response(version));
        }
    }

    private Task<GracefulShutdownResponse> ShutdownAsync(GracefulShutdownRequest request, GrpcServerCall call)
    {
        _lifetime.StopApplication();
        return Task.FromResult(new GracefulShutdownResponse());
    }

    private static SubscribeResponse Response(SyncedVersion version) => new()
    {
        Tag = DatasetMapper.ToMessage(version.Name, version.Tag, new Core.Datasets.TagRecord(version.Digest, version.At, null)),
        Path = version.Path,
    };
}
