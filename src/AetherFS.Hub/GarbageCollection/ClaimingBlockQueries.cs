using AetherFS.Storage.Blocks;
using AetherFS.Storage.Claims;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// The block questions a client acts on (which are missing, is this one here), answered so that garbage
/// collection cannot take away a block the answer said is present: the claim is written first, the store is looked
/// at second. A collection deleting the block before the claim exists is seen here (its tombstone, or the loose
/// block gone: the block is reported missing and uploaded again); one deleting it after sees the claim and keeps the
/// block (<see cref="PackPhase"/>, <see cref="ObjectSweeper"/>).
/// </summary>
internal sealed class ClaimingBlockQueries
{
    private readonly BlockStore _blocks;
    private readonly ClaimStore _claims;

    public ClaimingBlockQueries(BlockStore blocks, ClaimStore claims)
    {
        _blocks = blocks;
        _claims = claims;
    }

    /// <summary>
    /// The signatures the hub lacks. Those it knows are claimed for the push (the push will not upload them, and they
    /// may be old and unreferenced), then the index segments written since are read, and they are looked up again:
    /// claim first, look second, so a collection deleting one either sees the claim or its tombstone is seen here.
    /// Those missing need no claim: the push uploads them with its id, and their index segment is its claim.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(IReadOnlyList<string> signatures, string? pushId, CancellationToken cancellationToken)
    {
        var distinct = signatures.Distinct(StringComparer.Ordinal).ToList();
        var missing = await _blocks.FindMissingAsync(distinct, cancellationToken);
        if (missing.Count == distinct.Count)
        {
            return missing;
        }

        var absent = missing.ToHashSet(StringComparer.Ordinal);
        await _claims.ClaimAsync(pushId, distinct.Where(s => !absent.Contains(s)).ToList(), cancellationToken);
        await _blocks.RefreshAsync(cancellationToken);
        return await _blocks.FindMissingAsync(distinct, cancellationToken);
    }

    /// <summary>A block's raw size, claimed when present (looked at again after claiming); null when absent.</summary>
    public async Task<int?> SizeAsync(string signature, string? pushId, CancellationToken cancellationToken)
    {
        if (await _blocks.SizeAsync(signature, cancellationToken) is null)
        {
            return null;
        }

        await _claims.ClaimAsync(pushId, [signature], cancellationToken);
        await _blocks.RefreshAsync(cancellationToken);
        return await _blocks.SizeAsync(signature, cancellationToken);
    }
}
