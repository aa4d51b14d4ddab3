using AetherFS.Hub.Application;
using AetherFS.Protocol.Rest;
using AetherFS.Storage.Datasets;
using AetherFS.Storage.Retention;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>Applies every dataset's retention policy before a collection marks: deletes the tags each policy expires.</summary>
internal sealed class RetentionApplier
{
    private readonly RetentionStore _policies;
    private readonly DatasetStore _datasets;
    private readonly ManifestPublisher _publisher;
    private readonly TimeProvider _time;

    public RetentionApplier(RetentionStore policies, DatasetStore datasets, ManifestPublisher publisher, TimeProvider time)
    {
        _policies = policies;
        _datasets = datasets;
        _publisher = publisher;
        _time = time;
    }

    /// <summary>The tags the policies expire, deleted unless <paramref name="dryRun"/>.</summary>
    public async Task<IReadOnlyList<ExpiredTagInfo>> ApplyAsync(bool dryRun, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var expired = new List<ExpiredTagInfo>();
        var names = new List<string>();
        await foreach (var name in _policies.ListNamesAsync(cancellationToken))
        {
            names.Add(name);
        }

        foreach (var name in names)
        {
            RetentionPolicy? policy;
            try
            {
                policy = await _policies.GetAsync(name, cancellationToken);
            }
            catch (FormatException e)
            {
                throw new GcAbortedException(e.Message, e);
            }

            if (policy is null)
            {
                continue;
            }

            var tags = new List<(string, Core.Datasets.TagRecord)>();
            await foreach (var tag in _datasets.ListTagsAsync(name, cancellationToken))
            {
                tags.Add(tag);
            }

            foreach (var tag in RetentionPlanner.Plan(policy, tags, now))
            {
                // Skip a tag moved since it was read: the policy judged the version it pointed at, not the new one.
                if (!dryRun && (await _datasets.GetTagAsync(name, tag.Tag, cancellationToken) is not { } current || current.Digest != tag.Digest || !(await _publisher.DeleteTagAsync(name, tag.Tag, cancellationToken)).Succeeded))
                {
                    continue;
                }

                expired.Add(new ExpiredTagInfo(name, tag.Tag, tag.Digest, tag.PublishedAt, tag.Reason));
            }
        }

        return expired;
    }
}
