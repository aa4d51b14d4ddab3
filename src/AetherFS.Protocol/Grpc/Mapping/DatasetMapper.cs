using AetherFS.Core.Datasets;
using AetherFS.Core.Manifests;
using AetherFS.Protocol.Dataset.V1;
using Google.Protobuf.WellKnownTypes;
using ProtoBlock = AetherFS.Protocol.Dataset.V1.Block;
using ProtoFile = AetherFS.Protocol.Dataset.V1.File;

namespace AetherFS.Protocol.Grpc.Mapping;

/// <summary>
/// Converts between manifests and their gRPC form, field for field, so that a manifest read through gRPC
/// serializes back to the same canonical bytes (and digest) as the one the hub stores.
/// </summary>
public static class DatasetMapper
{
    public static Dataset.V1.Dataset ToMessage(Manifest manifest, string digest)
    {
        var message = new Dataset.V1.Dataset
        {
            Digest = digest,
            Chunking = new Chunking
            {
                Algorithm = manifest.Chunking.Algorithm,
                MinSize = (uint)manifest.Chunking.MinSize,
                AvgSize = (uint)manifest.Chunking.AverageSize,
                MaxSize = (uint)manifest.Chunking.MaxSize,
            },
            TotalSize = manifest.TotalSize,
        };
        foreach (var entry in manifest.Entries)
        {
            message.Files.Add(new ProtoFile
            {
                Path = entry.Path,
                Type = entry.Type switch
                {
                    EntryType.File => FileType.File,
                    EntryType.Directory => FileType.Directory,
                    _ => FileType.Symlink,
                },
                Size = entry.Size,
                Mode = (uint)entry.Mode,
                ModifiedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(entry.ModifiedAt, DateTimeKind.Utc)),
                Target = entry.Target ?? string.Empty,
                Sha256 = entry.Sha256 ?? string.Empty,
            });
        }

        foreach (var block in manifest.Blocks)
        {
            message.Blocks.Add(new ProtoBlock { Signature = block.Signature, Size = (uint)block.Size });
        }

        return message;
    }

    /// <summary>The manifest a message describes; <see cref="ManifestFormatException"/> for values no manifest can hold.</summary>
    public static Manifest ToManifest(Dataset.V1.Dataset message)
    {
        var chunking = message.Chunking ?? throw new ManifestFormatException("dataset has no chunking parameters");
        if (chunking.MinSize > int.MaxValue || chunking.AvgSize > int.MaxValue || chunking.MaxSize > int.MaxValue)
        {
            throw new ManifestFormatException("chunking sizes are out of range");
        }

        var entries = new List<ManifestEntry>(message.Files.Count);
        foreach (var file in message.Files)
        {
            var type = file.Type switch
            {
                FileType.File => EntryType.File,
                FileType.Directory => EntryType.Directory,
                FileType.Symlink => EntryType.Symlink,
                _ => throw new ManifestFormatException($"entry '{file.Path}' has no valid type"),
            };
            if (file.Mode > 0xFFF)
            {
                throw new ManifestFormatException($"entry '{file.Path}' has mode {file.Mode}, outside 0 to 0o7777");
            }

            var modifiedAt = file.ModifiedAt ?? throw new ManifestFormatException($"entry '{file.Path}' has no modification time");
            entries.Add(new ManifestEntry(
                file.Path,
                type,
                file.Size,
                (int)file.Mode,
                ToDateTime(modifiedAt, file.Path),
                file.Target.Length == 0 ? null : file.Target,
                file.Sha256.Length == 0 ? null : file.Sha256));
        }

        var blocks = new List<BlockRef>(message.Blocks.Count);
        foreach (var block in message.Blocks)
        {
            blocks.Add(block.Size > int.MaxValue
                ? throw new ManifestFormatException($"block {block.Signature} has an impossible size")
                : new BlockRef(block.Signature, (int)block.Size));
        }

        var parameters = new ChunkingParameters(chunking.Algorithm, (int)chunking.MinSize, (int)chunking.AvgSize, (int)chunking.MaxSize);
        return new Manifest(parameters, entries, blocks);
    }

    public static TagInfo ToMessage(string name, string tag, TagRecord record) => new()
    {
        Tag = new Tag { Name = name, Version = tag },
        Digest = record.Digest,
        PublishedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(record.PublishedAt, DateTimeKind.Utc)),
        Publisher = record.Publisher ?? string.Empty,
    };

    private static DateTime ToDateTime(Timestamp timestamp, string path)
    {
        try
        {
            return timestamp.ToDateTime();
        }
        catch (InvalidOperationException e)
        {
            throw new ManifestFormatException($"entry '{path}' has an invalid modification time: {e.Message}");
        }
    }
}
