using System.Buffers.Binary;
using System.Security.Cryptography;
using AetherFS.Core.Blocks;
using AetherFS.Core.Packs;

namespace AetherFS.Storage.Packs;

/// <summary>
/// An immutable index object (<c>index/...</c>): where chunks live (packs and their chunks), packs that are gone
/// (tombstones, written by garbage collection before it deletes them), copies of chunks found corrupt (quarantined, by
/// a scrub or a read), and, for a pack a push uploaded, the push it belongs to (which makes the segment that push's
/// claim on those chunks). Binary, checked by a SHA-256 at its end:
/// <code>
/// "AFSX" | version 1 or 2 | 3 zero bytes | push id (16 B, zero for none) | pack count (uint32 LE)
/// per pack: id (32 B) | size (uint64 LE) | chunk count (uint32 LE) | per chunk: trailer entry (44 B, as in packs)
/// tombstone count (uint32 LE) | per tombstone: pack id (32 B)
/// version 2 only: quarantined count (uint32 LE) | per entry: pack id (32 B) | chunk signature (32 B)
/// SHA-256 of everything before it (32 B)
/// </code>
/// A segment without quarantined chunks is written as version 1, so hubs that predate quarantine read it unchanged.
/// 48 bytes per chunk, as the research note's design; hubs hold them in memory as <see cref="ChunkIndex"/>.
/// </summary>
public sealed record IndexSegment(string? PushId, IReadOnlyList<SegmentPack> Packs, IReadOnlyList<string> Tombstones, IReadOnlyList<QuarantinedChunk> Quarantined)
{
    public IndexSegment(string? PushId, IReadOnlyList<SegmentPack> Packs, IReadOnlyList<string> Tombstones)
        : this(PushId, Packs, Tombstones, [])
    {
    }

    private const int FixedSize = 4 + 4 + 16 + 4 + 4 + 32;
    private static ReadOnlySpan<byte> Magic => "AFSX"u8;

    public byte[] Encode()
    {
        var versioned = Quarantined.Count > 0;
        var size = FixedSize + Packs.Sum(p => 44L + ((long)p.Chunks.Count * PackFormat.TrailerEntrySize)) + (Tombstones.Count * 32L)
            + (versioned ? 4 + (Quarantined.Count * 64L) : 0);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span[4] = versioned ? (byte)2 : (byte)1;
        if (PushId is not null)
        {
            Convert.FromHexString(PushId, span.Slice(8, 16), out _, out _);
        }

        var at = 24;
        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)Packs.Count);
        at += 4;
        foreach (var pack in Packs)
        {
            Sha256Key.Parse(pack.Id).WriteTo(span[at..]);
            BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 32)..], (ulong)pack.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 40)..], (uint)pack.Chunks.Count);
            at += 44;
            foreach (var chunk in pack.Chunks)
            {
                PackFormat.WriteTrailerEntry(span[at..], Sha256Key.Parse(chunk.Signature), chunk);
                at += PackFormat.TrailerEntrySize;
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)Tombstones.Count);
        at += 4;
        foreach (var tombstone in Tombstones)
        {
            Sha256Key.Parse(tombstone).WriteTo(span[at..]);
            at += 32;
        }

        if (versioned)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)Quarantined.Count);
            at += 4;
            foreach (var chunk in Quarantined)
            {
                Sha256Key.Parse(chunk.PackId).WriteTo(span[at..]);
                Sha256Key.Parse(chunk.Signature).WriteTo(span[(at + 32)..]);
                at += 64;
            }
        }

        SHA256.HashData(span[..at], span[at..]);
        return bytes;
    }

    /// <summary>Reads a segment; <see cref="InvalidDataException"/> for anything damaged or not a segment.</summary>
    public static IndexSegment Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FixedSize || !bytes[..4].SequenceEqual(Magic) || bytes[4] is not (1 or 2))
        {
            throw new InvalidDataException("not an AetherFS index segment");
        }

        var body = bytes[..^32];
        if (!SHA256.HashData(body).AsSpan().SequenceEqual(bytes[^32..]))
        {
            throw new InvalidDataException("index segment is corrupt: its checksum does not match");
        }

        var pushBytes = body.Slice(8, 16);
        var pushId = pushBytes.IndexOfAnyExcept((byte)0) < 0 ? null : Convert.ToHexStringLower(pushBytes);
        var at = 24;
        var packCount = Read32(body, ref at);
        var packs = new List<SegmentPack>();
        for (var p = 0; p < packCount; p++)
        {
            Need(body, at, 44);
            var id = Sha256Key.Read(body[at..]).ToString();
            var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[(at + 32)..]);
            var count = (int)BinaryPrimitives.ReadUInt32LittleEndian(body[(at + 40)..]);
            at += 44;
            Need(body, at, (long)count * PackFormat.TrailerEntrySize);
            var chunks = new PackChunk[count];
            for (var c = 0; c < count; c++)
            {
                chunks[c] = PackFormat.ReadTrailerEntry(body[at..]);
                at += PackFormat.TrailerEntrySize;
            }

            packs.Add(new SegmentPack(id, size, chunks));
        }

        var tombstoneCount = Read32(body, ref at);
        Need(body, at, tombstoneCount * 32L);
        var tombstones = new List<string>(tombstoneCount);
        for (var t = 0; t < tombstoneCount; t++)
        {
            tombstones.Add(Sha256Key.Read(body[at..]).ToString());
            at += 32;
        }

        var quarantined = new List<QuarantinedChunk>();
        if (bytes[4] == 2)
        {
            var quarantinedCount = Read32(body, ref at);
            Need(body, at, quarantinedCount * 64L);
            for (var q = 0; q < quarantinedCount; q++)
            {
                quarantined.Add(new QuarantinedChunk(Sha256Key.Read(body[at..]).ToString(), Sha256Key.Read(body[(at + 32)..]).ToString()));
                at += 64;
            }
        }

        return at == body.Length ? new IndexSegment(pushId, packs, tombstones, quarantined) : throw new InvalidDataException("index segment has trailing bytes");
    }

    private static int Read32(ReadOnlySpan<byte> body, ref int at)
    {
        Need(body, at, 4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(body[at..]);
        at += 4;
        return value <= int.MaxValue ? (int)value : throw new InvalidDataException("index segment declares an impossible count");
    }

    private static void Need(ReadOnlySpan<byte> body, int at, long length)
    {
        if (at + length > body.Length)
        {
            throw new InvalidDataException("index segment is truncated");
        }
    }
}
