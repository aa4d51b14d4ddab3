using System.Runtime.CompilerServices;
using AetherFS.Core.Datasets;
using AetherFS.Hub.Configuration;
using AetherFS.Storage.Datasets;
using Microsoft.Extensions.Hosting;

namespace AetherFS.Hub.Publishing;

/// <summary>
/// Follows tags for Subscribe streams (gRPC and REST server-sent events alike): yields each tag's current
/// version, then every move or deletion. Changes made through this hub arrive at once; changes made through
/// other hubs sharing the store arrive within one <see cref="HubOptions.TagPollInterval"/>. When the hub stops, every
/// stream ends at once (clients follow again, through another hub or this one restarted), rather than hold the
/// shutdown until its timeout.
/// </summary>
internal sealed class TagFollower
{
    private readonly DatasetStore _datasets;
    private readonly TagChangeSignal _changes;
    private readonly HubOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;

    public TagFollower(DatasetStore datasets, TagChangeSignal changes, HubOptions options, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _datasets = datasets;
        _changes = changes;
        _options = options;
        _time = time;
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>Runs until cancelled or the hub stops; <see cref="TagChange.Record"/> is the last version for a deleted tag.</summary>
    public async IAsyncEnumerable<TagChange> FollowAsync(IReadOnlyCollection<(string Name, string Tag)> tags, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var known = new Dictionary<(string Name, string Tag), TagRecord>();
        while (true)
        {
            // Taken before reading, so a change made while we read wakes the next round.
            var changed = _changes.NextChange;
            foreach (var key in tags)
            {
                var record = await _datasets.GetTagAsync(key.Name, key.Tag, cancellationToken);
                known.TryGetValue(key, out var previous);
                if (record is not null && record != previous)
                {
                    known[key] = record;
                    yield return new TagChange(key.Name, key.Tag, record, Deleted: false);
                }
                else if (record is null && previous is not null)
                {
                    known.Remove(key);
                    yield return new TagChange(key.Name, key.Tag, previous, Deleted: true);
                }
            }

            using (var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping))
            {
                await Task.WhenAny(changed, Task.Delay(_options.TagPollInterval, _time, poll.Token));
                await poll.CancelAsync(); // woken by a change: drop the poll timer rather than let timers pile up
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_stopping.IsCancellationRequested)
            {
                yield break;
            }
        }
    }
}
