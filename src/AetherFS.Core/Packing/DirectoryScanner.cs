using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;

namespace AetherFS.Core.Packing;

/// <summary>
/// Lists a directory tree as dataset entries in ordinal path order. Symlinks are recorded, never followed, and
/// must point inside the tree; sockets, FIFOs and devices are refused.
/// </summary>
public static class DirectoryScanner
{
    public static IReadOnlyList<PackEntry> Scan(string root)
    {
        var rootStatus = UnixFileStatus.Read(root);
        if (rootStatus.Type != UnixFileType.Directory)
        {
            throw new PackingException($"'{root}' is not a directory");
        }

        var entries = new List<PackEntry>();
        var pending = new Stack<(string FullPath, string RelativePath)>();
        pending.Push((Path.GetFullPath(root), string.Empty));
        while (pending.Count > 0)
        {
            var (directory, relative) = pending.Pop();
            foreach (var fullPath in Directory.EnumerateFileSystemEntries(directory))
            {
                var name = Path.GetFileName(fullPath);
                var path = relative.Length == 0 ? name : relative + "/" + name;
                var pathError = SafePath.Validate(path);
                if (pathError is not null)
                {
                    throw new PackingException($"cannot pack '{fullPath}': {pathError}");
                }

                var status = UnixFileStatus.Read(fullPath);
                switch (status.Type)
                {
                    case UnixFileType.Regular:
                        entries.Add(new PackEntry(new ManifestEntry(path, EntryType.File, status.Size, ProducerModes.Record(EntryType.File, status.Mode), status.ModifiedAt), fullPath, status.Inode, status.ChangedAt));
                        break;
                    case UnixFileType.Directory:
                        entries.Add(new PackEntry(new ManifestEntry(path, EntryType.Directory, 0, ProducerModes.Record(EntryType.Directory, status.Mode), status.ModifiedAt), null, status.Inode, status.ChangedAt));
                        pending.Push((fullPath, path));
                        break;
                    case UnixFileType.Symlink:
                        var target = new FileInfo(fullPath).LinkTarget ?? string.Empty;
                        var targetError = SafePath.ValidateSymlinkTarget(path, target);
                        if (targetError is not null)
                        {
                            throw new PackingException(targetError);
                        }

                        entries.Add(new PackEntry(new ManifestEntry(path, EntryType.Symlink, 0, ProducerModes.Symlink, status.ModifiedAt, target), null, status.Inode, status.ChangedAt));
                        break;
                    default:
                        throw new PackingException($"cannot pack '{fullPath}': only regular files, directories and symlinks are supported");
                }
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Entry.Path, b.Entry.Path));
        return entries;
    }
}
