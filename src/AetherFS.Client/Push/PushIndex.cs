using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Interop;
using AetherFS.Core.Manifests;
using AetherFS.Core.Packing;

namespace AetherFS.Client.Push;

/// <summary>
/// Remembers the manifest of each source state this machine pushed, keyed by a fingerprint of what lstat says
/// of every entry (path, type, size, mode, mtime, inode, ctime, target) or of an archive file, plus the chunking.
/// An unchanged source then republishes its manifest without reading a byte, as restic and git skip files whose
/// metadata did not change. Any write changes a file's ctime, which no user can set back.
/// </summary>
internal sealed class PushIndex
{
    private const int MaxEntries = 64;
    private readonly string _directory;

    public PushIndex(string cacheDirectory) => _directory = Path.Join(cacheDirectory, "push-index");

    public static string Fingerprint(IReadOnlyList<PackEntry> entries, ChunkingParameters chunking, bool fileDigests)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, $"tree\n{chunking}\n{fileDigests}\n");
        foreach (var (entry, _, inode, changed) in entries)
        {
            Append(hash, $"{entry.Path}\0{entry.Type}\0{entry.Size}\0{entry.Mode}\0{entry.ModifiedAt.Ticks}\0{inode}\0{changed.Ticks}\0{entry.Target}\n");
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <param name="shaping">The options that change which entries the archive yields (strip, excludes).</param>
    public static string Fingerprint(string archive, UnixFileStatus status, ChunkingParameters chunking, bool fileDigests, string shaping = "")
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"archive\n{chunking}\n{fileDigests}\n{Path.GetFullPath(archive)}\0{status.Size}\0{status.ModifiedAt.Ticks}\0{status.Inode}\0{status.ChangedAt.Ticks}\n{shaping}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public byte[]? TryGet(string fingerprint)
    {
        var path = Path.Join(_directory, fingerprint);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    public void Put(string fingerprint, byte[] manifest)
    {
        Directory.CreateDirectory(_directory);
        var temp = Path.Join(_directory, fingerprint + ".tmp");
        File.WriteAllBytes(temp, manifest);
        File.Move(temp, Path.Join(_directory, fingerprint), overwrite: true);
        foreach (var stale in new DirectoryInfo(_directory).GetFiles().OrderByDescending(f => f.LastWriteTimeUtc).Skip(MaxEntries))
        {
            stale.Delete();
        }
    }

    private static void Append(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
