using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Client.Push;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;
using AetherFS.Core.Units;

namespace AetherFS.Cli.Commands;

/// <summary><c>aetherfs push -t NAME[:TAG] [-t ...] PATH</c>: publish a directory or archive as a dataset.</summary>
internal static class PushCommand
{
    private static readonly Option<string[]> Tags = new("--tag", "-t")
    {
        Description = "Reference to publish as, NAME[:TAG]; repeat for several tags",
        Required = true,
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Chunking = new("--chunking")
    {
        Description = "How to cut blocks: fastcdc (content-defined, the default) or fixed",
        DefaultValueFactory = _ => ChunkingParameters.FastCdc,
    };

    private static readonly Option<string?> ChunkSize = new("--chunk-size")
    {
        Description = "Content-defined block sizes MIN:AVG:MAX (default 16KiB:64KiB:256KiB; AVG a power of two)",
    };

    private static readonly Option<string?> BlockSize = new("--block-size")
    {
        Description = "Block size with --chunking fixed, e.g. 4MiB (the default) or 64KiB",
    };

    private static readonly Option<int> CompressionLevel = new("--compression-level")
    {
        Description = "zstd level for uploaded blocks: 0 stores them uncompressed, 1 (fastest) to 19 (smallest)",
        DefaultValueFactory = _ => PushOptions.DefaultCompressionLevel,
    };

    private static readonly Option<long> PackSize = new("--pack-size")
    {
        Description = "Size of the packs blocks are uploaded in, 1MiB to 64MiB; smaller packs use less memory, larger ones fewer requests",
        DefaultValueFactory = _ => Core.Packs.PackFormat.TargetSize,
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, "1MiB, 32MiB, 64MiB", minimum: 1024 * 1024),
    };

    private static readonly Option<bool> FileDigests = new("--file-digests")
    {
        Description = "Record each file's SHA-256 in the manifest (costs a second hash pass)",
    };

    private static readonly Option<bool> NoCache = new("--no-cache")
    {
        Description = "Do not keep pushed blocks in the cache (blocks already cached are still used as delta bases)",
    };

    private static readonly Option<bool> Reread = new("--reread")
    {
        Description = "Read every file even if this machine pushed the source unchanged before",
    };

    private static readonly Option<string[]> Exclude = new("--exclude")
    {
        Description = "Leave out what PATTERN matches (gitignore syntax, as in a .aetherfsignore file at the source's root); repeatable",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string> SpecialFiles = new("--special-files")
    {
        Description = "FIFOs, sockets, devices, names that are not UTF-8 and unreadable files: skip (with a warning, the default) or error",
        DefaultValueFactory = _ => "skip",
    };

    private static readonly Option<int> StripComponents = new("--strip-components")
    {
        Description = "Drop N leading path components from every archive entry, as tar does (entries with fewer are skipped)",
    };

    // No DefaultValueFactory: help would print the default in bytes; the description names it in GiB.
    private static readonly Option<long?> MaxExtractSize = new("--max-extract-size")
    {
        Description = "Largest total size an archive may expand to, e.g. 10GiB or 1TiB (default 256GiB)",
        CustomParser = result => OptionValues.Size(result, result.Tokens.Single().Value, "10GiB, 1TiB", minimum: 1),
    };

    private static readonly Option<long> MaxExtractRatio = new("--max-extract-ratio")
    {
        Description = "How many times its own size an archive may expand to, against zip bombs",
        DefaultValueFactory = _ => ArchiveLimits.Default.MaxRatio,
    };

    private static readonly Option<long> MaxArchiveEntries = new("--max-archive-entries")
    {
        Description = "Most entries an archive may list",
        DefaultValueFactory = _ => ArchiveLimits.Default.MaxEntries,
    };

    private static readonly Argument<string> Source = new("path")
    {
        Description = "Directory, archive (.zip, .tar, .tar.gz/.tgz, .tar.zst/.tzst, .tar.xz/.txz, .tar.bz2/.tbz2) or single file to push",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("push", "Push a directory, archive or single file as a tagged dataset")
        {
            Options =
            {
                CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, Tags, Chunking, ChunkSize, BlockSize, CompressionLevel, PackSize, FileDigests, CommonOptions.CacheDir, CommonOptions.CacheSize, NoCache, Reread,
                Exclude, SpecialFiles, StripComponents, MaxExtractSize, MaxExtractRatio, MaxArchiveEntries, CommonOptions.Json,
            },
            Arguments = { Source },
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, output, cancellationToken));
        return command;
    }

    private static (ExtractionOptions Extraction, ScanOptions Scan) SourceOptions(ParseResult parsed)
    {
        var strip = parsed.GetValue(StripComponents);
        if (strip < 0)
        {
            throw new CliException($"invalid --strip-components {strip}: use 0 or more");
        }

        var ratio = parsed.GetValue(MaxExtractRatio);
        var entries = parsed.GetValue(MaxArchiveEntries);
        if (ratio < 1 || entries < 1)
        {
            throw new CliException(ratio < 1 ? $"invalid --max-extract-ratio {ratio}: use 1 or more" : $"invalid --max-archive-entries {entries}: use 1 or more");
        }

        var special = parsed.GetValue(SpecialFiles) switch
        {
            "skip" => SpecialFilePolicy.Skip,
            "error" => SpecialFilePolicy.Error,
            var other => throw new CliException($"invalid --special-files '{other}': use skip or error"),
        };
        var limits = new ArchiveLimits { MaxTotalBytes = parsed.GetValue(MaxExtractSize) ?? ArchiveLimits.Default.MaxTotalBytes, MaxRatio = ratio, MaxEntries = entries };
        return (new ExtractionOptions { Limits = limits, StripComponents = strip }, new ScanOptions { Exclude = parsed.GetValue(Exclude) ?? [], SpecialFiles = special });
    }

    private static async Task<int> RunAsync(ParseResult parsed, ICliOutput output, CancellationToken cancellationToken)
    {
        var references = parsed.GetValue(Tags)!.Select(HubResolver.ParseReference).ToList();
        if (references.FirstOrDefault(r => r.Digest is not null) is { } pinned)
        {
            throw new CliException($"cannot push to '{pinned}': a digest is computed by the push, give a tag");
        }

        var hubs = references.Select(r => HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), r)).Distinct().ToList();
        if (hubs.Count > 1)
        {
            throw new CliException("all -t references of one push must name the same hub");
        }

        // --block-size alone keeps meaning what it always meant: fixed blocks of that size.
        var blockSize = parsed.GetValue(BlockSize);
        var algorithm = blockSize is not null && parsed.GetResult(Chunking) is null or { Implicit: true } ? ChunkingParameters.Fixed : parsed.GetValue(Chunking)!;
        var chunking = ChunkingOptionParser.Parse(algorithm, parsed.GetValue(ChunkSize), blockSize);

        var level = parsed.GetValue(CompressionLevel);
        if (level is < 0 or > 19)
        {
            throw new CliException($"invalid --compression-level {level}: use 0 (none) to 19");
        }

        var packSize = parsed.GetValue(PackSize);
        if (packSize > 64 * 1024 * 1024)
        {
            throw new CliException($"invalid --pack-size {ByteSize.Format(packSize)}: use 1MiB to 64MiB");
        }

        var json = parsed.GetValue(CommonOptions.Json);
        var (extraction, scan) = SourceOptions(parsed);
        using var hub = HubConnections.Open(parsed, hubs[0]);
        var engine = new PushEngine(hub, new PushOptions
        {
            Chunking = chunking,
            CompressionLevel = level,
            PackSize = (int)packSize,
            FileDigests = parsed.GetValue(FileDigests),
            CacheDirectory = parsed.GetValue(Reread) ? null : parsed.GetValue(CommonOptions.CacheDir),
            BlockCacheDirectory = parsed.GetValue(CommonOptions.CacheDir),
            WriteCache = !parsed.GetValue(NoCache),
            CacheBudgetBytes = parsed.GetValue(CommonOptions.CacheSize),
            Publisher = $"{Environment.UserName}@{Environment.MachineName}",
            Extraction = extraction,
            Scan = scan,
            TempDirectory = CliEnvironment.Get("TMPDIR") is { Length: > 0 } temp ? temp : null,
            Warn = line => output.Error.WriteLine($"aetherfs: warning: {line}"),
        });
        PushResult result;
        var started = Stopwatch.GetTimestamp();
        try
        {
            result = await ProgressDisplay.RunAsync(output, !json, "pushing", progress =>
                engine.PushAsync(parsed.GetValue(Source)!, references, progress, cancellationToken));
        }
        catch (ArchiveLimitExceededException e)
        {
            var option = e.Limit switch
            {
                ArchiveLimit.TotalBytes => "--max-extract-size",
                ArchiveLimit.Ratio => "--max-extract-ratio",
                _ => "--max-archive-entries",
            };
            throw new CliException($"{e.Message}: refusing it (raise the limit with {option})");
        }
        catch (UnpushableEntriesException e)
        {
            throw new CliException(e.AllSkippable ? $"{e.Message} (--special-files skip leaves them out)" : e.Message);
        }

        if (json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(result with { Seconds = Stopwatch.GetElapsedTime(started).TotalSeconds }, CliJsonContext.Default.PushResult));
        }
        else
        {
            output.Out.WriteLine($"pushed {string.Join(", ", result.Tags)} {result.Digest}");
            output.Out.WriteLine($"  {result.Files} files, {ByteSize.Format(result.Bytes)} in {result.Blocks} blocks; uploaded {result.BlocksUploaded} blocks ({ByteSize.Format(result.BytesUploaded)}){(result.BlocksDelta > 0 ? $", {result.BlocksDelta} of them as deltas ({ByteSize.Format(result.BytesDelta)})" : "")}");
        }

        return ExitCodes.Success;
    }
}
