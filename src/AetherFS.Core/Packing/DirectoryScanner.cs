using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;
using MAB.DotIgnore;

namespace AetherFS.Core.Packing;

/// <summary>
/// Lists a directory tree as dataset entries in ordinal path order. Symlinks are recorded, never followed, and
/// must point inside the tree. What <see cref="ScanOptions.Exclude"/> and the root's <c>.aetherfsignore</c> name is
/// left out (an excluded directory is not read). Sockets, FIFOs, devices, names that are not UTF-8 and unreadable
/// files are skipped or refused by <see cref="ScanOptions.SpecialFiles"/>; every problem of a scan is reported at once.
/// </summary>
public static class DirectoryScanner
{
    public static IReadOnlyList<PackEntry> Scan(string root, ScanOptions? options = null)
    {
        options ??= ScanOptions.Default;
        var rootStatus = UnixFileStatus.Read(root);
        if (rootStatus.Type != UnixFileType.Directory)
        {
            throw new PackingException($"'{root}' is not a directory");
        }

        var ignore = IgnoreRules(root, options);
        var entries = new List<PackEntry>();
        var problems = new List<ScanProblem>();
        var pending = new Stack<(string FullPath, string RelativePath)>();
        pending.Push((Path.GetFullPath(root), string.Empty));
        while (pending.Count > 0)
        {
            var (directory, relative) = pending.Pop();
            IEnumerable<string> children;
            try
            {
                children = Directory.GetFileSystemEntries(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new ScanProblem(relative.Length == 0 ? "." : relative, $"cannot be listed ({e.Message})", Skippable: true));
                continue;
            }

            foreach (var fullPath in children)
            {
                var name = Path.GetFileName(fullPath);
                var path = relative.Length == 0 ? name : relative + "/" + name;
                if (Inspect(fullPath, path, ignore, problems) is { } entry)
                {
                    entries.Add(entry);
                    if (entry.Entry.Type == EntryType.Directory)
                    {
                        pending.Push((fullPath, path));
                    }
                }
            }
        }

        Report(root, problems, options);
        entries.Sort((a, b) => string.CompareOrdinal(a.Entry.Path, b.Entry.Path));
        return entries;
    }

    /// <summary>The entry of a single file pushed on its own: a dataset holding that one file, under its own name.</summary>
    public static IReadOnlyList<PackEntry> ScanFile(string file)
    {
        var status = UnixFileStatus.Read(file);
        var name = Path.GetFileName(Path.GetFullPath(file));
        if (status.Type != UnixFileType.Regular)
        {
            throw new PackingException($"'{file}' is not a regular file");
        }

        if (SafePath.Validate(name) is { } error)
        {
            throw new PackingException($"cannot pack '{file}': {error}");
        }

        return [new PackEntry(new ManifestEntry(name, EntryType.File, status.Size, ProducerModes.Record(EntryType.File, status.Mode), status.ModifiedAt), Path.GetFullPath(file), status.Inode, status.ChangedAt)];
    }

    private static PackEntry? Inspect(string fullPath, string path, IgnoreList? ignore, List<ScanProblem> problems)
    {
        UnixFileStatus status;
        try
        {
            status = UnixFileStatus.Read(fullPath);
        }
        catch (IOException) when (path.Contains('\uFFFD'))
        {
            // .NET decodes a name that is not UTF-8 with replacement characters, which then name nothing on disk.
            problems.Add(new ScanProblem(path, "has a name that is not valid UTF-8", Skippable: true));
            return null;
        }

        var isDirectory = status.Type == UnixFileType.Directory;
        if (ignore is not null && ignore.IsIgnored(path, isDirectory))
        {
            return null;
        }

        if (SafePath.Validate(path) is { } pathError)
        {
            problems.Add(new ScanProblem(path, $"cannot be named in a dataset: {pathError}", Skippable: true));
            return null;
        }

        switch (status.Type)
        {
            case UnixFileType.Regular:
                if (!CanRead(fullPath, out var reason))
                {
                    problems.Add(new ScanProblem(path, $"cannot be read ({reason})", Skippable: true));
                    return null;
                }

                return new PackEntry(new ManifestEntry(path, EntryType.File, status.Size, ProducerModes.Record(EntryType.File, status.Mode), status.ModifiedAt), fullPath, status.Inode, status.ChangedAt);
            case UnixFileType.Directory:
                return new PackEntry(new ManifestEntry(path, EntryType.Directory, 0, ProducerModes.Record(EntryType.Directory, status.Mode), status.ModifiedAt), null, status.Inode, status.ChangedAt);
            case UnixFileType.Symlink:
                var target = new FileInfo(fullPath).LinkTarget ?? string.Empty;
                if (SafePath.ValidateSymlinkTarget(path, target) is { } targetError)
                {
                    problems.Add(new ScanProblem(path, $"cannot be pushed: {targetError}", Skippable: false));
                    return null;
                }

                return new PackEntry(new ManifestEntry(path, EntryType.Symlink, 0, ProducerModes.Symlink, status.ModifiedAt, target), null, status.Inode, status.ChangedAt);
            default:
                problems.Add(new ScanProblem(path, $"is {Describe(status.Type)}", Skippable: true));
                return null;
        }
    }

    // Root reads every file (the permission bits do not bind it), so only others pay for opening each file twice.
    private static bool CanRead(string fullPath, out string? reason)
    {
        reason = null;
        if (Environment.IsPrivilegedProcess)
        {
            return true;
        }

        try
        {
            using var handle = File.OpenHandle(fullPath);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return false;
        }
    }

    private static string Describe(UnixFileType type) => type switch
    {
        UnixFileType.Fifo => "a FIFO",
        UnixFileType.Socket => "a socket",
        UnixFileType.CharacterDevice => "a character device",
        UnixFileType.BlockDevice => "a block device",
        _ => "a special file",
    };

    private static IgnoreList? IgnoreRules(string root, ScanOptions options)
    {
        var ignoreFile = Path.Join(root, ScanOptions.IgnoreFileName);
        var hasFile = File.Exists(ignoreFile);
        if (!hasFile && options.Exclude.Count == 0)
        {
            return null;
        }

        var rules = new IgnoreList(options.Exclude);
        if (hasFile)
        {
            rules.AddRules(ignoreFile);
        }

        return rules;
    }

    // One list of every problem: a user fixes them all in one go rather than one per run.
    private static void Report(string root, List<ScanProblem> problems, ScanOptions options)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var fatal = problems.Where(p => !p.Skippable || options.SpecialFiles == SpecialFilePolicy.Error).ToList();
        if (fatal.Count > 0)
        {
            throw new UnpushableEntriesException(root, fatal);
        }

        foreach (var problem in problems)
        {
            options.Skipped?.Invoke(problem);
        }
    }
}
