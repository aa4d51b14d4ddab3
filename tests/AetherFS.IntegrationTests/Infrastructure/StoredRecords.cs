using System.Buffers.Binary;
using AetherFS.Core.Packs;

namespace AetherFS.IntegrationTests.Infrastructure;

/// <summary>
/// Every record of every pack file under a local store's <c>packs/</c>, read front to back from the files themselves
/// (not through a hub), and the manifest objects: what someone who copied the store's disk would hold.
/// </summary>
public static class StoredRecords
{
    public static IEnumerable<(string Signature, byte[] Payload)> Packs(string storagePath)
    {
        var root = Path.Join(storagePath, "packs");
        if (!Directory.Exists(root))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(path);
            var count = PackFormat.ReadHeader(bytes);
            var at = PackFormat.HeaderSize;
            for (var i = 0; i < count; i++)
            {
                var signature = Convert.ToHexStringLower(bytes.AsSpan(at, 32));
                var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 32));
                yield return (signature, bytes.AsSpan(at + PackFormat.RecordHeaderSize, length).ToArray());
                at += PackFormat.RecordHeaderSize + length;
            }
        }
    }

    public static IEnumerable<byte[]> Manifests(string storagePath)
    {
        var root = Path.Join(storagePath, "manifests");
        return Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes) : [];
    }

    /// <summary>Whether <paramref name="needle"/> occurs anywhere in the store's pack and manifest files.</summary>
    public static bool Contain(string storagePath, ReadOnlySpan<byte> needle)
    {
        foreach (var path in Directory.EnumerateFiles(storagePath, "*", SearchOption.AllDirectories))
        {
            if (File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
