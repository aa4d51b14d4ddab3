using AetherFS.Storage.Blocks;
using AetherFS.Storage.Claims;

namespace AetherFS.Hub.GarbageCollection;

/// <summary>
/// The block questions a client acts on (which are missing, is this one here), answered so that garbage
/// collection cannot take away a block the answer said is present: the claim is written first, the store is looked
/// at second. A collection deleting the block before the claim exists is seen here (the block is reported missing
/// and uploaded again); one deleting it after sees the claim and puts it back (<see cref="ObjectSweeper"/>).
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
    /// Claims every signature asked about, present or not: those present are what the push will not upload, those
    /// missing are what it is about to upload, and both must outlive any collection until its tag is written.
    /// </summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(IReadOnlyList<string> signatures, string? pushId, CancellationToken cancellationToken)
    {
        await _claims.ClaimAsync(pushId, signatures.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        return await _blocks.FindMissingAsync(signatures, cancellationToken);
    }

    /// <summary>A block's raw size, claimed when present (looked at again after claiming); null when absent.</summary>
    public async Task<int?> SizeAsync(string signature, string? pushId, CancellationToken cancellationToken)
    {
        if (await _blocks.SizeAsync(signature, cancellationToken) is not { } size)
        {
            return null;
        }

        await _claims.ClaimAsync(pushId, [signature], cancellationToken);
        return (await _blocks.FindMissingAsync([signature], cancellationToken)).Count == 0 ? size : null;
    }
}
