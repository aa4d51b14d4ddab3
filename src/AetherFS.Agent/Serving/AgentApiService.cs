using AetherFS.Agent.Sync;
using AetherFS.Client.Hub;
using AetherFS.Core.References;
using AetherFS.Protocol.Agent.V1;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace AetherFS.Agent.Serving;

/// <summary>
/// <c>aetherfs.agent.v1.AgentAPI</c>: what the app beside the agent may ask. Publish pushes a local directory to
/// the hub; Subscribe reports where each synced tag stands and every swap; GracefulShutdown stops the agent
/// after in-flight swaps.
/// </summary>
internal sealed class AgentApiService : AgentAPI.AgentAPIBase
{
    private readonly AgentRuntime _runtime;
    private readonly IHostApplicationLifetime _lifetime;

    public AgentApiService(AgentRuntime runtime, IHostApplicationLifetime lifetime)
    {
        _runtime = runtime;
        _lifetime = lifetime;
    }

    public override async Task<Protocol.Agent.V1.PublishResponse> Publish(Protocol.Agent.V1.PublishRequest request, ServerCallContext context)
    {
        if (request.Tags.Count == 0)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "give at least one tag to publish under"));
        }

        var targets = new List<DatasetReference>();
        foreach (var tag in request.Tags)
        {
            targets.Add(DatasetReference.TryParse($"{tag.Name}:{tag.Version}", out var reference, out var error)
                ? reference
                : throw new RpcException(new Status(StatusCode.InvalidArgument, error)));
        }

        try
        {
            var result = await _runtime.PublishAsync(request.Path, targets, context.CancellationToken);
            return new Protocol.Agent.V1.PublishResponse { Digest = result.Digest };
        }
        catch (HubException e)
        {
            throw new RpcException(new Status(Protocol.Errors.ErrorKinds.GrpcStatus(e.Kind), e.Message));
        }
        catch (HubUnavailableException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }

    public override async Task Subscribe(Protocol.Agent.V1.SubscribeRequest request, IServerStreamWriter<Protocol.Agent.V1.SubscribeResponse> responseStream, ServerCallContext context)
    {
        var wanted = request.Tags.Select(t => (t.Name, t.Version)).ToHashSet();
        bool Wanted(string name, string tag) => wanted.Count == 0 || wanted.Contains((name, tag));
        var unknown = wanted.FirstOrDefault(w => !_runtime.Workers.Any(x => x.Spec.Name == w.Name && x.Spec.Tag == w.Version));
        if (unknown != default)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"this agent does not sync {unknown.Name}:{unknown.Version}"));
        }

        await foreach (var version in _runtime.VersionsAsync(Wanted, context.CancellationToken))
        {
            await responseStream.WriteAsync(Response(version));
        }
    }

    public override Task<GracefulShutdownResponse> GracefulShutdown(GracefulShutdownRequest request, ServerCallContext context)
    {
        _lifetime.StopApplication();
        return Task.FromResult(new GracefulShutdownResponse());
    }

    private static Protocol.Agent.V1.SubscribeResponse Response(SyncedVersion version) => new()
    {
        Tag = new TagInfo
        {
            Tag = new Tag { Name = version.Name, Version = version.Tag },
            Digest = version.Digest,
            PublishedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(version.At, DateTimeKind.Utc)),
        },
        Path = version.Path,
    };
}
