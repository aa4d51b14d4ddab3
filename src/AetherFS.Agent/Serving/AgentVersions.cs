using AetherFS.Serving.Versions;
using System.Collections.Concurrent;
using AetherFS.Agent.Sync;
using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;

namespace AetherFS.Agent.Serving;

/// <summary>
/// The versions the agent holds on disk, for its file server: a tag names a subscription's current version, a
/// digest any version still on disk (current or previous); bytes are read straight from the synced files.
/// </summary>
internal sealed class AgentVersions : IVersionSource, IFileContent
{
    private readonly IReadOnlyList<SyncWorker> _workers;
    private readonly ConcurrentDictionary<string, ManifestIndex> _indexes = new(StringComparer.Ordinal);

    public AgentVersions(IReadOnlyList<SyncWorker> workers) => _workers = workers;

    public Task<(ManifestIndex Index, TagRecord? Tag)?> ResolveAsync(string name, string tagOrDigest, CancellationToken cancellationToken)
    {
        foreach (var worker in _workers.Where(w => w.Spec.Name == name))
        {
            var status = worker.Status;
            var digest = Digest.IsValid(tagOrDigest)
                ? (tagOrDigest == status.Digest || tagOrDigest == worker.PreviousDigest ? tagOrDigest : null)
                : (tagOrDigest == worker.Spec.Tag ? status.Digest : null);
            if (digest is not null && Index(worker, digest) is { } index)
            {
                var record = Digest.IsValid(tagOrDigest) ? null : new TagRecord(digest, status.SyncedAt ?? DateTime.UnixEpoch, null);
                return Task.FromResult<(ManifestIndex, TagRecord?)?>((index, record));
            }
        }

        return Task.FromResult<(ManifestIndex, TagRecord?)?>(null);
    }

    public async Task CopyAsync(ManifestIndex version, ManifestEntry file, long start, long length, Stream output, CancellationToken cancellationToken)
    {
        var worker = _workers.First(w => w.Status.Digest == version.Digest || w.PreviousDigest == version.Digest);
        using var handle = File.OpenHandle(Path.Join(worker.Directory.PathOf(version.Digest), file.Path), FileMode.Open, FileAccess.Read);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(256 * 1024);
        try
        {
            var position = start;
            var end = start + length;
            while (position < end)
            {
                var read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, (int)Math.Min(buffer.Length, end - position)), position, cancellationToken);
                if (read == 0)
                {
                    throw new IOException($"{file.Path} is shorter on disk than its manifest says");
                }

                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                position += read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ManifestIndex? Index(SyncWorker worker, string digest)
    {
        if (_indexes.TryGetValue(digest, out var index))
        {
            return index;
        }

        var manifest = worker.Directory.ManifestOf(digest);
        return manifest is null ? null : _indexes.GetOrAdd(digest, d => new ManifestIndex(d, manifest));
    }
}
