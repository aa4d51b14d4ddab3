namespace AetherFS.Storage.Packs;

/// <summary>
/// What verifying one pack found: the bytes read, the blocks checked and those that do not verify (with why);
/// <see cref="Gone"/> when the pack is no longer there (a collection rewrote it meanwhile).
/// </summary>
public sealed record PackCheck(long Bytes, int Blocks, IReadOnlyList<(string Signature, string Reason)> Bad, bool Gone);
