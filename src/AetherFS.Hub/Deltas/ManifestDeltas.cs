using AetherFS.Core.Blocks;
using AetherFS.Core.Manifests;
using AetherFS.Core.References;
using AetherFS.Hub.Security;
using AetherFS.Protocol.Errors;
using AetherFS.Storage.Datasets;

namespace AetherFS.Hub.Deltas;

/// <summary>
/// Manifests as deltas against the manifest the other side holds (<see cref="ManifestDelta"/>), both ways: a manifest
/// served to a caller that names one it holds and may read, when the delta is shorter than the stored payload; and a
/// manifest uploaded as a delta against one this hub holds, decoded and verified before it is published. A base is
/// used only when the caller may read it, so neither way tells a caller anything about a manifest it may not GET.
/// </summary>
internal sealed class ManifestDeltas
{
    private readonly DatasetStore _datasets;
    private readonly DeltaCache _cache;
    private readonly AccessCheck _access;

    public ManifestDeltas(DatasetStore datasets, DeltaCache cache, AccessCheck access)
    {
        _datasets = datasets;
        _cache = cache;
        _access = access;
    }

    /// <summary>
    /// The delta to send instead of <paramref name="payload"/> (the stored payload of <paramref name="wanted"/>) to a
    /// <paramref name="caller"/> holding <paramref name="have"/>; null when none is shorter, or <paramref name="have"/>
    /// is malformed, the wanted manifest itself, absent, or a manifest the caller may not read.
    /// </summary>
    public async Task<byte[]?> FindAsync(string wanted, string? have, Principal caller, byte[] payload, CancellationToken cancellationToken)
    {
        return Digest.IsValid(have) && await MayReadAsync(caller, have!, cancellationToken)
            ? await FindAsync(wanted, have!, payload, cancellationToken)
            : null;
    }

    /// <summary>As <see cref="FindAsync(string, string?, Principal, byte[], CancellationToken)"/>, for a caller already allowed to read <paramref name="have"/>.</summary>
    public async Task<byte[]?> FindAsync(string wanted, string have, byte[] payload, CancellationToken cancellationToken)
    {
        // Absence is not cached: a manifest uploaded later may serve as a base then.
        if (have == wanted || !await _datasets.HasManifestAsync(have, cancellationToken))
        {
            return null;
        }

        // Keyed by the manifest's digest, which (with its prefix) no block signature can be.
        var delta = await _cache.GetOrEncodeAsync(new DeltaKey(wanted, have), () => EncodeAsync(wanted, have, payload.Length, cancellationToken), cancellationToken);
        return delta.Length > 0 && delta.Length < payload.Length ? delta : null;
    }

    /// <summary>
    /// The canonical bytes of <paramref name="digest"/> decoded from an uploaded delta, verified; an error (400) when
    /// the delta is malformed, names a base this hub lacks or the caller may not read, or decodes to other bytes.
    /// </summary>
    public async Task<Outcome<byte[]>> DecodeAsync(string digest, ReadOnlyMemory<byte> payload, Principal caller, CancellationToken cancellationToken)
    {
        try
        {
            var (baseDigest, _) = ManifestDelta.BaseOf(payload.Span, digest);
            var baseBytes = await MayReadAsync(caller, baseDigest, cancellationToken) ? await _datasets.GetManifestAsync(baseDigest, cancellationToken) : null;
            if (baseBytes is null)
            {
                return ApiError.Invalid($"manifest {digest} was sent as a delta against manifest {baseDigest}, which is not on this hub: send it in full");
            }

            return ManifestDelta.Decode(payload.Span, digest, baseDigest, baseBytes);
        }
        catch (DigestMismatchException e)
        {
            return ApiError.Invalid($"manifest {digest} was sent as a delta that does not decode to it: {e.Message}");
        }
    }

    private async Task<bool> MayReadAsync(Principal caller, string digest, CancellationToken cancellationToken) =>
        await _access.DecideAsync(caller, RequiredAccess.Manifest(digest), cancellationToken) == AccessVerdict.Allowed;

    // An empty array records that no delta beat the payload (or a manifest went since it was looked for).
    private async Task<byte[]> EncodeAsync(string wanted, string have, int limit, CancellationToken cancellationToken)
    {
        var held = await _datasets.GetManifestAsync(have, cancellationToken);
        var manifest = held is null ? null : await _datasets.GetManifestAsync(wanted, cancellationToken);
        if (manifest is null)
        {
            return [];
        }

        using var delta = ManifestDelta.Encode(manifest, have, held, limit);
        return delta is null ? [] : delta.Span.ToArray();
    }
}
