using System.Threading.Channels;
using AetherFS.Client.Hub;
using AetherFS.Core.Blocks;
using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Core.References;

namespace AetherFS.Client.Push;

/// <summary>
/// Pushes a directory or archive: packs its files into one stream, cuts and hashes blocks, asks the hub in batches
/// which it lacks, gathers those (compressed) into packs of about 32 MiB and uploads each in one request, then
/// publishes the manifest and finally the tags. Reading, hashing, compressing and uploading overlap; memory holds a
/// few batches and a few packs whatever the dataset's size.
/// </summary>
public sealed class PushEngine
{
    private readonly HubClient _hub;
    private readonly PushOptions _options;
    private readonly PushIndex? _index;

    public PushEngine(HubClient hub, PushOptions options)
    {
        _hub = hub;
        _options = options;
        _index = options.CacheDirectory is null ? null : new PushIndex(options.CacheDirectory);
    }

    public async Task<PushResult> PushAsync(string source, IReadOnlyList<DatasetReference> targets, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        // One per push: the hub groups what this push relies on under it (its claims, which keep garbage
        // collection away from its blocks and manifest) until the first tag is written.
        var pushId = Guid.NewGuid().ToString("N");
        using var activity = Telemetry.ClientTracing.Source.StartActivity("push");
        activity?.SetTag("aetherfs.dataset", targets.Count > 0 ? targets[0].Name : null);
        try
        {
            return await PushAsync(source, targets, pushId, progress, cancellationToken);
        }
        catch (Exception e)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            await AbandonAsync(pushId);
            throw;
        }
    }

    // A failed push gives up its claims, so a collection can reclaim what it uploaded (on a full store, at once).
    // Best effort and brief: the failure being reported matters more, and quiet pushes' claims lapse anyway.
    private async Task AbandonAsync(string pushId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _hub.AbandonPushAsync(pushId, timeout.Token);
        }
        catch (Exception e) when (e is HubException or HubUnavailableException or OperationCanceledException or HttpRequestException)
        {
            // The hub is gone or refuses: its claims lapse once the push has been quiet for 15 minutes.
        }
    }

    private async Task<PushResult> PushAsync(string source, IReadOnlyList<DatasetReference> targets, string pushId, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var chunker = Chunkers.Create(_options.Chunking);
        var format = ArchiveFormatDetector.Detect(source);
        // Once per entry, however often a retry scans the source again.
        var warned = new HashSet<string>(StringComparer.Ordinal);
        void Skipped(ScanProblem problem)
        {
            if (warned.Add(problem.Path))
            {
                _options.Warn?.Invoke($"{problem}: skipped");
            }
        }

        var scan = _options.Scan with { Skipped = Skipped };
        if (format is ArchiveFormat.Directory or ArchiveFormat.SingleFile)
        {
            if (_options.Extraction.StripComponents > 0)
            {
                throw new PackingException($"'{source}' is a {(format == ArchiveFormat.Directory ? "directory" : "file that is no archive")}: only an archive's entries can have components stripped");
            }

            IReadOnlyList<PackEntry> Scan() => format == ArchiveFormat.Directory ? DirectoryScanner.Scan(source, scan) : DirectoryScanner.ScanFile(source);
            string Fingerprint(IReadOnlyList<PackEntry> scanned) => PushIndex.Fingerprint(scanned, chunker.Parameters, _options.FileDigests);
            progress?.Report(new TransferProgress(0, 0, 0, TransferPhase.Scanning));
            var entries = Scan();
            return await TryRepublishAsync(Fingerprint(entries), targets, pushId, cancellationToken)
                ?? await PushChangingEntriesAsync(entries, Scan, Fingerprint, chunker, targets, pushId, progress, cancellationToken);
        }

        // The options that shape the dataset are part of an archive's fingerprint: the same archive pushed with
        // another --strip-components or --exclude is another dataset.
        var archiveFingerprint = PushIndex.Fingerprint(source, UnixFileStatus.Read(source), chunker.Parameters, _options.FileDigests, $"{_options.Extraction.StripComponents}\0{string.Join('\0', _options.Scan.Exclude)}\0{_options.Scan.SpecialFiles}");
        if (await TryRepublishAsync(archiveFingerprint, targets, pushId, cancellationToken) is { } republished)
        {
            return republished;
        }

        // Archives list entries in any order, but the packed stream needs ordinal order: extract them (safely)
        // beside the other temp files and push the directory. A push killed here leaves its folder behind, for
        // the next push to remove.
        var tempRoot = _options.TempDirectory ?? Path.GetTempPath();
        foreach (var stale in ExtractionDirectory.RemoveStale(tempRoot))
        {
            _options.Warn?.Invoke($"removed '{stale}', left by a push that did not finish");
        }

        using var extraction = ExtractionDirectory.Create(tempRoot);
        progress?.Report(new TransferProgress(0, 0, 0, TransferPhase.Extracting));
        ArchiveExtractor.Extract(source, format, extraction.Tree, _options.Extraction with
        {
            SkipSpecialEntry = _options.Scan.SpecialFiles == SpecialFilePolicy.Skip ? Skipped : null,
        });
        IReadOnlyList<PackEntry> ScanExtracted() => DirectoryScanner.Scan(extraction.Tree, scan);
        return await PushChangingEntriesAsync(ScanExtracted(), ScanExtracted, _ => archiveFingerprint, chunker, targets, pushId, progress, cancellationToken);
    }

    // A file written to while it is read is read again, from a new scan; if it changes again the push fails rather
    // than publish bytes that were never on disk together (tar's "file changed as we read it", restic's re-read).
    // An archive's fingerprint is of the archive, so it stays; a directory's is of what the new scan found.
    private async Task<PushResult> PushChangingEntriesAsync(IReadOnlyList<PackEntry> entries, Func<IReadOnlyList<PackEntry>> scan, Func<IReadOnlyList<PackEntry>, string> fingerprint, IChunker chunker, IReadOnlyList<DatasetReference> targets, string pushId, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await PushEntriesAsync(entries, chunker, fingerprint(entries), targets, pushId, progress, cancellationToken);
        }
        catch (Exception e) when (Unwrap(e) is SourceChangedException changed)
        {
            _options.Warn?.Invoke($"'{changed.Path}' changed as it was read; reading the source again");
        }

        entries = scan();
        try
        {
            return await PushEntriesAsync(entries, chunker, fingerprint(entries), targets, pushId, progress, cancellationToken);
        }
        catch (Exception e) when (Unwrap(e) is SourceChangedException changed)
        {
            throw new PackingException($"'{changed.Path}' changed as it was read, twice: push it when nothing writes to it", changed);
        }
    }

    private static Exception Unwrap(Exception e) => e is ChannelClosedException { InnerException: { } inner } ? inner : e;

    // The source is as it was when this machine last pushed it: publish that manifest again if the hub still
    // holds every block, without reading the data. Otherwise (null) the caller pushes in full.
    private async Task<PushResult?> TryRepublishAsync(string fingerprint, IReadOnlyList<DatasetReference> targets, string pushId, CancellationToken cancellationToken)
    {
        if (_index?.TryGet(fingerprint) is not { } bytes)
        {
            return null;
        }

        Manifest manifest;
        try
        {
            manifest = ManifestSerializer.Parse(bytes);
            ManifestValidator.Validate(manifest);
        }
        catch (ManifestFormatException)
        {
            return null;
        }

        var signatures = manifest.Blocks.Select(b => b.Signature).Distinct(StringComparer.Ordinal).ToList();
        if ((await _hub.FindMissingBlocksAsync(signatures, pushId, cancellationToken)).Count > 0)
        {
            return null;
        }

        var previous = targets.Count == 0 ? null : await PreviousVersion.FindAsync(_hub, targets[0], cancellationToken);
        return await PublishAsync(manifest, bytes, targets, previous?.Held, new UploadCounters(), pushId, cancellationToken);
    }

    private async Task<PushResult> PushEntriesAsync(IReadOnlyList<PackEntry> entries, IChunker chunker, string fingerprint, IReadOnlyList<DatasetReference> targets, string pushId, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var totalBytes = entries.Sum(e => e.Entry.Type == EntryType.File ? e.Entry.Size : 0);
        var files = progress is null ? null : new FileCounter(entries.Select(e => e.Entry).ToList());
        var blocks = new List<BlockRef>();
        var counters = new UploadCounters();

        await using var packed = new PackedReadStream(entries, _options.FileDigests, _options.AfterFileRead);
        var batches = Channel.CreateBounded<List<PooledBlock>>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        // The producer and the uploaders stop when this method leaves, whichever way: a failed upload must not leave
        // them blocked on a full channel.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var fileStarts = FileStarts(entries);
        var producer = Task.Run(() => CutBatchesAsync(packed, chunker, fileStarts, batches.Writer, stop.Token), stop.Token);
        var previous = targets.Count == 0 ? null : await PreviousVersion.FindAsync(_hub, targets[0], cancellationToken);
        var deltas = DeltaEncoder(entries, previous);
        await using var uploader = new PackUploader(_hub, pushId, _options.UploadParallelism, counters, deltas, stop.Token);
        var packer = new PushPacker(_options.PackSize, _options.CompressionLevel, deltas);
        long done = 0;
        try
        {
            await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    // Hashing here, on another core than the reader's, keeps both busy.
                    Parallel.ForEach(batch, new ParallelOptions { CancellationToken = cancellationToken }, b => _ = b.Signature);
                    foreach (var pack in await packer.AddMissingAsync(batch, done, _hub, pushId, cancellationToken))
                    {
                        await uploader.UploadAsync(pack);
                    }

                    foreach (var block in batch)
                    {
                        blocks.Add(new BlockRef(block.Signature, block.Length));
                        done += block.Length;
                    }

                    progress?.Report(new TransferProgress(done, totalBytes, counters.Bytes, TransferPhase.Uploading, files!.DoneAt(done), files.Total));
                }
                finally
                {
                    batch.ForEach(b => b.Dispose());
                }
            }

            if (packer.Flush() is { } last)
            {
                await uploader.UploadAsync(last);
            }

            // Every pack is stored (and listed by the hub) before the manifest that names its blocks is sent.
            await uploader.CompleteAsync();
        }
        finally
        {
            packer.Dispose();
            await stop.CancelAsync();
            await DrainAsync(batches.Reader, producer);
        }

        var manifest = new Manifest(chunker.Parameters, packed.HashedEntries(), blocks);
        var bytes = ManifestSerializer.ToCanonicalBytes(manifest);
        var result = await PublishAsync(manifest, bytes, targets, previous?.Held, counters, pushId, cancellationToken);
        _index?.Put(fingerprint, bytes);
        return result;
    }

    // With a block cache, blocks go as deltas against the previous version of the first target where that is smaller.
    private PushDeltaEncoder? DeltaEncoder(IReadOnlyList<PackEntry> entries, PreviousManifest? previous)
    {
        if (_options.BlockCacheDirectory is null)
        {
            return null;
        }

        var cache = new Caching.DiskBlockCache(_options.BlockCacheDirectory, _options.CacheBudgetBytes);
        var finder = previous is null ? null : new Core.Deltas.StreamDeltaBaseFinder(previous.Index, entries.Select(e => e.Entry).ToList());
        return new PushDeltaEncoder(finder, cache, _options.CompressionLevel) { KeepsPushedBlocks = _options.WriteCache };
    }

    // Manifest first, then the tags: a tag never points at a manifest the hub does not hold.
    // The manifest goes as a delta against the previous version's when it is small enough to travel as one.
    private async Task<PushResult> PublishAsync(Manifest manifest, byte[] bytes, IReadOnlyList<DatasetReference> targets, HeldManifest? previous, UploadCounters counters, string pushId, CancellationToken cancellationToken)
    {
        var digest = Digest.Compute(bytes);
        previous = bytes.Length <= BlockDelta.MaxRawBytes ? previous : null;
        var manifestBytes = await _hub.PutManifestAsync(digest, bytes, previous, pushId, cancellationToken);
        foreach (var target in targets)
        {
            await _hub.PutTagAsync(target.Name, target.Tag, digest, _options.Publisher, pushId, cancellationToken);
        }

        return new PushResult(
            digest,
            targets.Select(t => t.ToString()).ToList(),
            manifest.FileCount,
            manifest.TotalSize,
            manifest.Blocks.Count,
            counters.Blocks,
            counters.Bytes + manifestBytes,
            counters.DeltaBlocks,
            counters.DeltaBytes)
        {
            ManifestBytes = manifestBytes,
        };
    }

    private static List<long> FileStarts(IReadOnlyList<PackEntry> entries)
    {
        var offsets = BlockLayout.EntryOffsets(entries.Select(e => e.Entry).ToList());
        return entries.Select((e, i) => (e.Entry, Offset: offsets[i]))
            .Where(e => e.Entry.Type == EntryType.File && e.Entry.Size > 0 && e.Offset > 0)
            .Select(e => e.Offset)
            .ToList();
    }

    private async Task CutBatchesAsync(Stream packed, IChunker chunker, IReadOnlyList<long> fileStarts, ChannelWriter<List<PooledBlock>> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        var batch = new List<PooledBlock>();
        try
        {
            using var cutter = new BlockCutter(packed, chunker, fileStarts);
            var batchBytes = 0L;
            while (await cutter.NextAsync(cancellationToken) is { } block)
            {
                batch.Add(block);
                batchBytes += block.Length;
                if (batchBytes >= _options.BatchBytes)
                {
                    await writer.WriteAsync(batch, cancellationToken);
                    batch = [];
                    batchBytes = 0;
                }
            }

            if (batch.Count > 0)
            {
                await writer.WriteAsync(batch, cancellationToken);
                batch = [];
            }
        }
        catch (Exception e)
        {
            failure = e;
            batch.ForEach(b => b.Dispose());
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }

    // On failure the producer may still hold batches: let it finish and free every buffer.
    private static async Task DrainAsync(ChannelReader<List<PooledBlock>> reader, Task producer)
    {
        try
        {
            await producer;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            while (reader.TryRead(out var left))
            {
                left.ForEach(b => b.Dispose());
            }
        }
    }
}
