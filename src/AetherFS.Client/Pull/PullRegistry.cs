using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AetherFS.Core.Manifests;

namespace AetherFS.Client.Pull;

/// <summary>
/// Remembers which directories a pull created and what it wrote into them (the manifest and the paths selected), so
/// a later pull may replace them without --force while a directory of the user's own, or local changes to a pulled
/// one, are never overwritten by mistake.
/// </summary>
internal sealed class PullRegistry
{
    private const string PreviousSuffix = ".previous";
    private readonly string _directory;

    public PullRegistry(string cacheDirectory) => _directory = Path.Join(cacheDirectory, "pulls");

    public bool WasPulled(string destination) => Read(destination) is not null;

    /// <summary>
    /// The last pull into <paramref name="destination"/>, or null when none is recorded. Its selection is null for a
    /// record an older version wrote (destination and digest only): what it wrote is unknown.
    /// </summary>
    public PullRecord? Read(string destination) => ReadFile(RecordPath(destination), destination);

    /// <summary>
    /// The pull before the last into <paramref name="destination"/>. A pull records its version just before it swaps
    /// it in, so a pull into the same DEST at that moment finds DEST still holding what the one before wrote.
    /// </summary>
    public PullRecord? ReadPrevious(string destination) => ReadFile(RecordPath(destination) + PreviousSuffix, destination);

    private static PullRecord? ReadFile(string file, string destination)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(file);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        var lines = new List<string>();
        var position = 0;
        while (lines.Count < 3 && Array.IndexOf(bytes, (byte)'\n', position) is var end and >= 0)
        {
            lines.Add(Encoding.UTF8.GetString(bytes, position, end - position));
            position = end + 1;
        }

        if (lines.Count < 2 || lines[0] != destination)
        {
            return null;
        }

        if (lines.Count < 3 || !int.TryParse(lines[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return new PullRecord(lines[1], null);
        }

        var paths = new List<string>();
        for (var i = 0; i < count && Array.IndexOf(bytes, (byte)'\n', position) is var end and >= 0; i++)
        {
            paths.Add(Uri.UnescapeDataString(Encoding.UTF8.GetString(bytes, position, end - position)));
            position = end + 1;
        }

        try
        {
            return new PullRecord(lines[1], ManifestSelection.Under(ManifestSerializer.Parse(bytes.AsMemory(position)), paths)) { ManifestBytes = bytes.AsMemory(position) };
        }
        catch (Exception e) when (e is ManifestFormatException or ManifestPathNotFoundException or FormatException)
        {
            // A damaged record proves nothing about DEST: treated as no record, so only --force replaces it.
            return null;
        }
    }

    /// <summary>Written to a temp file and renamed into place, so concurrent pulls never leave a torn record.</summary>
    public void Record(string destination, string digest, ReadOnlyMemory<byte> manifest, IReadOnlyList<string> paths)
    {
        Directory.CreateDirectory(_directory);
        var temp = Path.Join(_directory, "." + Guid.NewGuid().ToString("N"));
        using (var file = File.Create(temp))
        {
            var header = new StringBuilder().Append(destination).Append('\n').Append(digest).Append('\n')
                .Append(paths.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            foreach (var path in paths)
            {
                header.Append(Uri.EscapeDataString(path)).Append('\n');
            }

            file.Write(Encoding.UTF8.GetBytes(header.ToString()));
            file.Write(manifest.Span);
        }

        // The record it replaces stays as the previous one (copied, so a record is in place at every moment).
        var current = RecordPath(destination);
        if (File.Exists(current))
        {
            var previous = Path.Join(_directory, "." + Guid.NewGuid().ToString("N"));
            try
            {
                File.Copy(current, previous);
                File.Move(previous, current + PreviousSuffix, overwrite: true);
            }
            catch (FileNotFoundException)
            {
                // A concurrent pull replaced it meanwhile and keeps its own previous.
            }
        }

        File.Move(temp, current, overwrite: true);
    }

    private string RecordPath(string destination) =>
        Path.Join(_directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination))));
}
