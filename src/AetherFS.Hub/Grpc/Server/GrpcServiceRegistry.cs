using AetherFS.Hub.Grpc.Services;
using Google.Protobuf.Reflection;

namespace AetherFS.Hub.Grpc.Server;

/// <summary>Every method the hub serves, by path, and the services reflection describes (itself included).</summary>
internal sealed class GrpcServiceRegistry
{
    private readonly Dictionary<string, GrpcMethod> _methods = new(StringComparer.Ordinal);
    private readonly List<ServiceDescriptor> _services = [];

    public GrpcServiceRegistry(IEnumerable<IGrpcService> services)
    {
        foreach (var service in services)
        {
            Add(service);
        }

        Add(new ServerReflectionService(this));
    }

    public IReadOnlyList<ServiceDescriptor> Services => _services;

    public GrpcMethod? Find(string path) => _methods.GetValueOrDefault(path);

    private void Add(IGrpcService service)
    {
        _services.AddRange(service.Descriptors);
        foreach (var method in service.Methods)
        {
            _methods.Add(method.Path, method);
        }
    }
}
