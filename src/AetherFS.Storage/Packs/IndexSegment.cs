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
/// version 2 and 3: quarantined count (uint32 LE) | per entry: pack id (32 B) | chunk signature (32 B)
/// version 3 only: stored delta count (uint32 LE) | per entry: pack (its place above, uint32 LE) | chunk (its place
///                 in that pack's list, uint32 LE) | full payload length (uint32 LE) | base count (1 B, 1..3) |
///                 per base: signature (32 B)
/// SHA-256 of everything before it (32 B)
/// </code>
/// A segment is written at the lowest version that holds it (version 1 without quarantined chunks or stored deltas),
/// so hubs that predate quarantine or stored deltas read the segments they can use unchanged.
/// 48 bytes per chunk, as the research note's design; hubs hold them in memory as <see cref="ChunkIndex"/>.
/// </summary>
public sealed record IndexSegment(string? PushId, IReadOnlyList<SegmentPack> Packs, IReadOnlyList<string> Tombstones, IReadOnlyList<QuarantinedChunk> Quarantined)
{
    public IndexSegment(string? PushId, IReadOnlyList<SegmentPack> Packs, IReadOnlyList<string> Tombstones)
        : this(PushId, Packs, Tombstones, [])
    {
    }

    private const int FixedSize = 4 + 4 + 16 + 4 + 4 + 32;

    // A stored delta's entry before its bases: pack place, chunk place, full payload length, base count.
    private const int DeltaEntrySize = 4 + 4 + 4 + 1;
    private static ReadOnlySpan<byte> Magic => "AFSX"u8;

    public byte[] Encode()
    {
        var deltas = Packs.Sum(p => p.Deltas.Count);
        var version = deltas > 0 ? 3 : Quarantined.Count > 0 ? 2 : 1;
        var versioned = version >= 2;
        var size = FixedSize + Packs.Sum(p => 44L + ((long)p.Chunks.Count * PackFormat.TrailerEntrySize)) + (Tombstones.Count * 32L)
            + (versioned ? 4 + (Quarantined.Count * 64L) : 0)
            + (version == 3 ? 4 + Packs.Sum(p => p.Deltas.Sum(d => DeltaEntrySize + (32L * d.Bases.Count))) : 0);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span[4] = (byte)version;
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

        if (version == 3)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)deltas);
            at += 4;
            for (var p = 0; p < Packs.Count; p++)
            {
                var places = Packs[p].Deltas.Count == 0 ? null : PlacesOf(Packs[p]);
                foreach (var delta in Packs[p].Deltas)
                {
                    if (delta.Bases.Count is 0 or > BlockDelta.MaxBases || !places!.TryGetValue(delta.Signature, out var place))
                    {
                        throw new InvalidOperationException($"a stored delta is a chunk of its pack with 1 to {BlockDelta.MaxBases} bases");
                    }

                    BinaryPrimitives.WriteUInt32LittleEndian(span[at..], (uint)p);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 4)..], (uint)place);
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(at + 8)..], (uint)delta.FullPayloadLength);
                    span[at + 12] = (byte)delta.Bases.Count;
                    at += DeltaEntrySize;
                    foreach (var b in delta.Bases)
                    {
                        Sha256Key.Parse(b).WriteTo(span[at..]);
                        at += 32;
                    }
                }
            }
        }

        SHA256.HashData(span[..at], span[at..]);
        return bytes;
    }

    /// <summary>Reads a segment; <see cref="InvalidDataException"/> for anything damaged or not a segment.</summary>
    public static IndexSegment Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FixedSize || !bytes[..4].SequenceEqual(Magic) || bytes[4] is not (1 or 2 or 3))
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
        if (bytes[4] >= 2)
        {
            var quarantinedCount = Read32(body, ref at);
            Need(body, at, quarantinedCount * 64L);
            for (var q = 0; q < quarantinedCount; q++)
            {
                quarantined.Add(new QuarantinedChunk(Sha256Key.Read(body[at..]).ToString(), Sha256Key.Read(body[(at + 32)..]).ToString()));
                at += 64;
            }
        }

        if (bytes[4] == 3)
        {
            ReadDeltas(body, ref at, packs);
        }

        return at == body.Length ? new IndexSegment(pushId, packs, tombstones, quarantined) : throw new InvalidDataException("index segment has trailing bytes");
    }

    private static void ReadDeltas(ReadOnlySpan<byte> body, ref int at, List<SegmentPack> packs)
    {
        var count = Read32(body, ref at);
        var byPack = new List<StoredDelta>[packs.Count];
        for (var d = 0; d < count; d++)
        {
            Need(body, at, DeltaEntrySize);
            var pack = BinaryPrimitives.ReadUInt32LittleEndian(body[at..]);
            var place = BinaryPrimitives.ReadUInt32LittleEndian(body[(at + 4)..]);
            var fullLength = BinaryPrimitives.ReadUInt32LittleEndian(body[(at + 8)..]);
            var baseCount = body[at + 12];
            at += DeltaEntrySize;
            if (pack >= packs.Count || place >= packs[(int)pack].Chunks.Count || baseCount is 0 or > BlockDelta.MaxBases || fullLength > PackFormat.MaxPayloadLength)
            {
                throw new InvalidDataException("index segment declares an impossible stored delta");
            }

            var signature = packs[(int)pack].Chunks[(int)place].Signature;

            Need(body, at, 32L * baseCount);
            var bases = new string[baseCount];
            for (var b = 0; b < baseCount; b++)
            {
                bases[b] = Sha256Key.Read(body[at..]).ToString();
                at += 32;
            }

            (byPack[pack] ??= []).Add(new StoredDelta(signature, (int)fullLength, bases));
        }

        for (var p = 0; p < packs.Count; p++)
        {
            if (byPack[p] is { } deltas)
            {
                packs[p] = packs[p] with { Deltas = deltas };
            }
        }
    }

    private static Dictionary<string, int> PlacesOf(SegmentPack pack)
    {
        var places = new Dictionary<string, int>(pack.Chunks.Count, StringComparer.Ordinal);
        for (var c = 0; c < pack.Chunks.Count; c++)
        {
            places.TryAdd(pack.Chunks[c].Signature, c);
        }

        return places;
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
