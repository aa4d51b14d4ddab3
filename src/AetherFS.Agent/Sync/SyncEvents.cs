using System.Threading.Channels;

namespace AetherFS.Agent.Sync;

/// <summary>Tells AgentAPI subscribers (gRPC and REST) about each swap as it happens.</summary>
public sealed class SyncEvents
{
    private readonly Lock _lock = new();
    private readonly List<Channel<SyncedVersion>> _subscribers = [];

    public void Publish(SyncedVersion version)
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(version);
            }
        }
    }

    /// <summary>Every swap from now until the token fires.</summary>
    public async IAsyncEnumerable<SyncedVersion> ListenAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<SyncedVersion>();
        lock (_lock)
        {
            _subscribers.Add(channel);
        }

        try
        {
            await foreach (var version in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return version;
            }
        }
        finally
        {
            lock (_lock)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
