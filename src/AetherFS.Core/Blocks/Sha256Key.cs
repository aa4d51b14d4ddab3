using System.Buffers.Binary;
using AetherFS.Core.References;

namespace AetherFS.Core.Blocks;

/// <summary>
/// A block signature as 32 bytes rather than a 64-character string, so the mark set of a large store costs about
/// 48 bytes per block (key, hash and slot of a <see cref="HashSet{T}"/>) instead of some 180.
/// </summary>
public readonly record struct Sha256Key(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>Reads 64 lowercase hex digits; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Sha256Key key)
    {
        key = default;
        Span<byte> bytes = stackalloc byte[32];
        if (!Hex.IsSha256(hex) || Convert.FromHexString(hex, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        key = Read(bytes);
        return true;
    }

    /// <summary>The key of 32 raw digest bytes.</summary>
    public static Sha256Key Read(ReadOnlySpan<byte> bytes) => new(
        BinaryPrimitives.ReadUInt64BigEndian(bytes),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
        BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));

    /// <summary>Writes the 32 raw digest bytes.</summary>
    public void WriteTo(Span<byte> bytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
    }

    public static Sha256Key Parse(string hex) =>
        TryParse(hex, out var key) ? key : throw new FormatException($"'{hex}' is not a SHA-256 in lowercase hex");

    public override string ToString() => $"{A:x16}{B:x16}{C:x16}{D:x16}";
}
