using System.CommandLine;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Client.Push;
using AetherFS.Core.Manifests;
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

    private static readonly Option<string> BlockSize = new("--block-size")
    {
        Description = "Block size, e.g. 4MiB or 64KiB",
        DefaultValueFactory = _ => ByteSize.Format(ChunkingParameters.DefaultBlockSize).Replace(" ", string.Empty, StringComparison.Ordinal),
    };

    private static readonly Option<bool> Reread = new("--reread")
    {
        Description = "Read every file even if this machine pushed the source unchanged before",
    };

    private static readonly Argument<string> Source = new("path")
    {
        Description = "Directory, .zip, .tar or .tar.gz/.tgz to push",
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("push", "Push a directory or archive as a tagged dataset")
        {
            Options = { CommonOptions.Hub, Tags, BlockSize, CommonOptions.CacheDir, Reread, CommonOptions.Json },
            Arguments = { Source },
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed, output, cancellationToken));
        return command;
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

        var blockSizeText = parsed.GetValue(BlockSize);
        if (!ByteSize.TryParse(blockSizeText, out var blockSize) || blockSize is < ChunkingParameters.MinBlockSize or > ChunkingParameters.MaxBlockSize)
        {
            throw new CliException($"invalid --block-size '{blockSizeText}': give a size between 1KiB and 64MiB");
        }

        var json = parsed.GetValue(CommonOptions.Json);
        using var hub = new HubClient(hubs[0]);
        var engine = new PushEngine(hub, new PushOptions
        {
            BlockSize = (int)blockSize,
            CacheDirectory = parsed.GetValue(Reread) ? null : parsed.GetValue(CommonOptions.CacheDir),
            Publisher = $"{Environment.UserName}@{Environment.MachineName}",
        });
        var result = await ProgressDisplay.RunAsync(output, !json, "pushing", progress =>
            engine.PushAsync(parsed.GetValue(Source)!, references, progress, cancellationToken));

        if (json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(result, CliJsonContext.Default.PushResult));
        }
        else
        {
            output.Out.WriteLine($"pushed {string.Join(", ", result.Tags)} {result.Digest}");
            output.Out.WriteLine($"  {result.Files} files, {ByteSize.Format(result.Bytes)} in {result.Blocks} blocks; uploaded {result.BlocksUploaded} blocks ({ByteSize.Format(result.BytesUploaded)})");
        }

        return ExitCodes.Success;
    }
}
