using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;

namespace AetherFS.Agent.Sync;

/// <summary>
/// The layout of one synced directory. The app reads <c>DIR/current/...</c>, a symlink to
/// <c>DIR/versions/{hex}</c>; a new version is assembled in <c>DIR/versions/.{hex}.partial</c>, renamed into
/// place when complete, and the symlink is replaced atomically (a new link renamed over the old one), so a reader
/// sees the old version or the new one, never a mix. The previous version stays for rollback; older ones go.
/// Each version's manifest sits beside it (<c>{hex}.manifest</c>), so the agent knows what is on disk.
/// </summary>
public sealed class VersionDirectory
{
    private const string PartialSuffix = ".partial";
    private const string ManifestSuffix = ".manifest";

    public VersionDirectory(string root)
    {
        Root = root;
        Versions = Path.Join(root, "versions");
        Current = Path.Join(root, "current");
    }

    public string Root { get; }

    public string Versions { get; }

    /// <summary>The symlink the app reads through.</summary>
    public string Current { get; }

    /// <summary>Creates the layout and removes what a killed agent left half-done (its blocks are in the cache).</summary>
    public void Prepare()
    {
        Directory.CreateDirectory(Versions);
        foreach (var partial in Directory.EnumerateDirectories(Versions, "*" + PartialSuffix))
        {
            Directory.Delete(partial, recursive: true);
        }

        File.Delete(Current + ".new");
    }

    /// <summary>The digest <c>current</c> points at, when it points at a complete version.</summary>
    public string? CurrentDigest()
    {
        var target = new FileInfo(Current).LinkTarget;
        if (target is null)
        {
            return null;
        }

        var digest = Digest.Prefix + Path.GetFileName(target);
        return Digest.IsValid(digest) && Directory.Exists(PathOf(digest)) && File.Exists(PathOf(digest) + ManifestSuffix) ? digest : null;
    }

    public string PathOf(string digest) => Path.Join(Versions, Digest.HexPart(digest));

    /// <summary>The manifest of a version on disk; null when it is not there.</summary>
    public Manifest? ManifestOf(string digest) => ManifestBytesOf(digest) is { } bytes ? ManifestSerializer.Parse(bytes) : null;

    /// <summary>The canonical bytes of a version's manifest on disk, verified; null when not there (or damaged).</summary>
    public byte[]? ManifestBytesOf(string digest)
    {
        var path = PathOf(digest) + ManifestSuffix;
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return Digest.Compute(bytes) == digest ? bytes : null;
    }

    /// <summary>A fresh, empty directory to assemble <paramref name="digest"/> in.</summary>
    public string NewStaging(string digest)
    {
        var staging = Path.Join(Versions, "." + Digest.HexPart(digest) + PartialSuffix);
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        return staging;
    }

    /// <summary>Moves a complete staging directory into place, with its manifest beside it.</summary>
    public void Complete(string staging, string digest, Manifest manifest)
    {
        var target = PathOf(digest);
        File.WriteAllBytes(target + ManifestSuffix, ManifestSerializer.ToCanonicalBytes(manifest));
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }

        Directory.Move(staging, target);
    }

    /// <summary>Points <c>current</c> at the version, atomically: readers see the old target or the new one.</summary>
    public void Flip(string digest)
    {
        var next = Current + ".new";
        File.Delete(next);
        File.CreateSymbolicLink(next, Path.Join("versions", Digest.HexPart(digest)));
        AtomicRename.Replace(next, Current);
    }

    /// <summary>Removes every version but the ones kept (the current one and the one before it).</summary>
    public void Prune(IReadOnlySet<string> keep)
    {
        foreach (var directory in Directory.EnumerateDirectories(Versions))
        {
            var name = Path.GetFileName(directory);
            if (name.EndsWith(PartialSuffix, StringComparison.Ordinal) || keep.Contains(Digest.Prefix + name))
            {
                continue;
            }

            Directory.Delete(directory, recursive: true);
            File.Delete(directory + ManifestSuffix);
        }
    }
}
