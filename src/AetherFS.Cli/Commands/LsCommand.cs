using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AetherFS.Cli.Infrastructure;
using AetherFS.Client.Hub;
using AetherFS.Core.Manifests;
using AetherFS.Core.Units;
using AetherFS.Protocol.Rest;

namespace AetherFS.Cli.Commands;

/// <summary>
/// <c>aetherfs ls [NAME | NAME:TAG[/PATH] | NAME@DIGEST[/PATH]]</c>: the datasets on a hub, a dataset's tags, or the
/// files of a version, without pulling anything.
/// </summary>
internal static class LsCommand
{
    private const int PageSize = 500;
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ssZ";

    // Datasets are summarized a few at a time: two requests each, small answers.
    private const int Concurrency = 4;

    private static readonly Argument<string?> Target = new("target")
    {
        Description = "Nothing for the datasets; NAME for its tags; NAME:TAG[/PATH] or NAME@sha256:DIGEST[/PATH] for the files of a version (under PATH)",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public static Command Create(ICliOutput output)
    {
        var command = new Command("ls", "List the datasets on a hub, a dataset's tags, or the files of a version")
        {
            Options = { CommonOptions.Hub, CommonOptions.CaCert, CommonOptions.TokenFile, CommonOptions.Json },
            Arguments = { Target },
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var json = parsed.GetValue(CommonOptions.Json);
            if (parsed.GetValue(Target) is not { } text)
            {
                using var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub)));
                await ListDatasetsAsync(hub, output, json, cancellationToken);
                return ExitCodes.Success;
            }

            var target = LsTarget.Parse(text);
            using (var hub = HubConnections.Open(parsed, HubResolver.Resolve(parsed.GetValue(CommonOptions.Hub), target.Reference)))
            {
                if (target.NamesVersion)
                {
                    await ListFilesAsync(hub, target, output, json, cancellationToken);
                }
                else
                {
                    await ListTagsAsync(hub, target.Reference.Name, output, json, cancellationToken);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task ListDatasetsAsync(HubClient hub, ICliOutput output, bool json, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? after = null;
        do
        {
            var page = await hub.ListDatasetsAsync(PageSize, after, cancellationToken);
            names.AddRange(page.Datasets.Select(d => d.Name));
            after = page.Next;
        }
        while (after is not null);

        var listings = new DatasetListing[names.Count];
        await Parallel.ForAsync(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var tags = await hub.ListTagsAsync(names[i], ct);
            var latest = tags.Tags.MaxBy(t => t.PublishedAt);
            if (latest is null)
            {
                listings[i] = new DatasetListing(names[i], 0, null, null, null, null, null);
                return;
            }

            var (_, manifest) = await hub.InspectManifestAsync(names[i], latest.Digest, ct);
            listings[i] = new DatasetListing(names[i], tags.Tags.Count, latest.Tag, latest.Digest, manifest.TotalSize, manifest.FileCount, latest.PublishedAt);
        });

        if (json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(listings.ToList(), CliJsonContext.Default.ListDatasetListing));
            return;
        }

        var width = Math.Max(4, names.Count == 0 ? 0 : names.Max(n => n.Length));
        var tagWidth = Math.Max(6, listings.Max(l => l.Latest?.Length) ?? 0);
        output.Out.WriteLine($"{"NAME".PadRight(width)}  {"TAGS",4}  {"LATEST".PadRight(tagWidth)}  {"SIZE",10}  {"FILES",7}  UPDATED");
        foreach (var listing in listings)
        {
            output.Out.WriteLine($"{listing.Name.PadRight(width)}  {listing.Tags,4}  {(listing.Latest ?? "-").PadRight(tagWidth)}  {(listing.Bytes is { } bytes ? ByteSize.Format(bytes) : "-"),10}  {listing.Files?.ToString(CultureInfo.InvariantCulture) ?? "-",7}  {listing.UpdatedAt?.ToString(TimeFormat, CultureInfo.InvariantCulture) ?? "-"}");
        }
    }

    private static async Task ListTagsAsync(HubClient hub, string name, ICliOutput output, bool json, CancellationToken cancellationToken)
    {
        var tags = await hub.ListTagsAsync(name, cancellationToken);
        // Tags often share versions (latest and v3): each manifest is fetched once.
        var sizes = new Dictionary<string, (long Bytes, int Files)>(StringComparer.Ordinal);
        foreach (var digest in tags.Tags.Select(t => t.Digest).Distinct(StringComparer.Ordinal))
        {
            var (_, manifest) = await hub.InspectManifestAsync(name, digest, cancellationToken);
            sizes[digest] = (manifest.TotalSize, manifest.FileCount);
        }

        var listings = tags.Tags.Select(t => new TagListing(t.Tag, t.Digest, t.PublishedAt, t.Publisher, sizes[t.Digest].Bytes, sizes[t.Digest].Files)).ToList();
        if (json)
        {
            output.Out.WriteLine(JsonSerializer.Serialize(listings, CliJsonContext.Default.ListTagListing));
            return;
        }

        var width = Math.Max(3, listings.Count == 0 ? 0 : listings.Max(t => t.Tag.Length));
        output.Out.WriteLine($"{"TAG".PadRight(width)}  {"DIGEST",-71}  {"SIZE",10}  {"FILES",7}  PUBLISHED");
        foreach (var tag in listings)
        {
            output.Out.WriteLine($"{tag.Tag.PadRight(width)}  {tag.Digest,-71}  {ByteSize.Format(tag.Bytes),10}  {tag.Files,7}  {tag.PublishedAt.ToString(TimeFormat, CultureInfo.InvariantCulture)}");
        }
    }

    private static async Task ListFilesAsync(HubClient hub, LsTarget target, ICliOutput output, bool json, CancellationToken cancellationToken)
    {
        var reference = target.Reference;
        var (_, manifest) = await hub.InspectManifestAsync(reference.Name, reference.Digest ?? reference.Tag, cancellationToken);
        ManifestValidator.Validate(manifest);
        var entries = string.IsNullOrEmpty(target.Path) ? manifest.Entries : ManifestSelection.Under(manifest, [target.Path]).Entries;
        if (json)
        {
            var listed = entries.Select(e => new InspectEntry(e.Path, e.Type.ToString().ToLowerInvariant(), e.Size, Convert.ToString(e.Mode, 8).PadLeft(4, '0'), e.ModifiedAt, e.Target, e.Sha256)).ToList();
            output.Out.WriteLine(JsonSerializer.Serialize(listed, CliJsonContext.Default.ListInspectEntry));
            return;
        }

        var sizeWidth = entries.Count == 0 ? 1 : entries.Max(e => e.Size.ToString(CultureInfo.InvariantCulture).Length);
        foreach (var entry in entries)
        {
            var suffix = entry.Type switch
            {
                EntryType.Directory => "/",
                EntryType.Symlink => " -> " + entry.Target,
                _ => string.Empty,
            };
            output.Out.WriteLine($"{ModeString(entry)}  {entry.Size.ToString(CultureInfo.InvariantCulture).PadLeft(sizeWidth)}  {entry.ModifiedAt.ToString(TimeFormat, CultureInfo.InvariantCulture)}  {entry.Path}{suffix}");
        }
    }

    // As ls -l shows it: the type, then rwx for owner, group and others, with s/t where special bits are recorded.
    private static string ModeString(ManifestEntry entry)
    {
        var mode = entry.Mode;
        Span<char> text = stackalloc char[10];
        text[0] = entry.Type switch { EntryType.Directory => 'd', EntryType.Symlink => 'l', _ => '-' };
        const string Letters = "rwxrwxrwx";
        for (var bit = 0; bit < 9; bit++)
        {
            text[bit + 1] = (mode & (1 << (8 - bit))) != 0 ? Letters[bit] : '-';
        }

        Special(text, 3, (mode & 0x800) != 0, 's');
        Special(text, 6, (mode & 0x400) != 0, 's');
        Special(text, 9, (mode & 0x200) != 0, 't');
        return new string(text);
    }

    private static void Special(Span<char> text, int position, bool set, char letter)
    {
        if (set)
        {
            text[position] = text[position] == '-' ? char.ToUpperInvariant(letter) : letter;
        }
    }
}
