using AetherFS.Core.Blocks;
using AetherFS.Core.Deltas;
using AetherFS.Core.Packs;
using AetherFS.Protocol.Rest;
using AetherFS.Hub.Configuration;
using AetherFS.Hub.Deltas;
using AetherFS.Hub.GarbageCollection;
using AetherFS.Hub.Telemetry;
using AetherFS.Protocol.Errors;
using AetherFS.Storage.Blocks;

namespace AetherFS.Hub.Application;

/// <summary>
/// Blocks by signature for REST and gRPC alike: verified on the way in and on the way out, and claimed for the push
/// that asks about them (<see cref="ClaimingBlockQueries"/>), with the checks and messages in one place.
/// </summary>
internal sealed class BlockService
{
    private readonly BlockStore _blocks;
    private readonly ClaimingBlockQueries _queries;
    private readonly HubOptions _options;
    private readonly PushTimer _pushes;
    private readonly TransferDeltas _deltas;

    public BlockService(BlockStore blocks, ClaimingBlockQueries queries, HubOptions options, PushTimer pushes, TransferDeltas deltas)
    {
        _blocks = blocks;
        _queries = queries;
        _options = options;
        _pushes = pushes;
        _deltas = deltas;
    }

    /// <summary>The largest block the hub accepts, raw.</summary>
    public int MaxBlockSize => _options.MaxBlockSize;

    /// <summary>The error for an upload over <see cref="MaxBlockSize"/>, whichever interface noticed.</summary>
    public ApiError TooLarge() => ApiError.TooLarge($"block is larger than the hub's limit of {_options.MaxBlockSize} bytes");

    /// <summary>A block's raw size; a block found present is claimed for the push, so a client may skip uploading it.</summary>
    public async Task<Outcome<int>> LookupAsync(string signature, string? pushId, CancellationToken cancellationToken)
    {
        if ((Inputs.Signature(signature) ?? Inputs.PushId(pushId)) is { } invalid)
        {
            return invalid;
        }

        _pushes.Seen(Inputs.PushIdOrNull(pushId));
        return await _queries.SizeAsync(signature, Inputs.PushIdOrNull(pushId), cancellationToken) is { } size ? size : NotFound(signature);
    }

    /// <summary>The signatures the hub lacks, in request order; every one asked about is claimed for the push.</summary>
    public async Task<Outcome<string[]>> FindMissingAsync(IReadOnlyList<string> signatures, string? pushId, CancellationToken cancellationToken)
    {
        if (signatures.Count > HubLimits.MaxMissingQuery)
        {
            return ApiError.Invalid($"ask about at most {HubLimits.MaxMissingQuery} signatures at once");
        }

        if ((signatures.Select(Inputs.Signature).FirstOrDefault(e => e is not null) ?? Inputs.PushId(pushId)) is { } invalid)
        {
            return invalid;
        }

        _pushes.Seen(Inputs.PushIdOrNull(pushId));
        return (await _queries.FindMissingAsync(signatures, Inputs.PushIdOrNull(pushId), cancellationToken)).ToArray();
    }

    /// <summary>A block's raw bytes, verified against its signature before anything is sent.</summary>
    public async Task<Outcome<PooledBlock>> ReadAsync(string signature, CancellationToken cancellationToken)
    {
        if (Inputs.Signature(signature) is { } invalid)
        {
            return invalid;
        }

        if (await _blocks.ReadAsync(signature, cancellationToken) is not { } block)
        {
            return NotFound(signature);
        }

        Telemetry.HubMetrics.BlockServed(block.Length);
        return block;
    }

    /// <summary>A block's stored payload (compressed, as clients cache it), verified before anything is sent.</summary>
    public async Task<Outcome<PooledBuffer>> ReadPayloadAsync(string signature, CancellationToken cancellationToken)
    {
        if (Inputs.Signature(signature) is { } invalid)
        {
            return invalid;
        }

        if (await _blocks.ReadPayloadAsync(signature, cancellationToken) is not { } payload)
        {
            return NotFound(signature);
        }

        Telemetry.HubMetrics.BlockServed(payload.Length);
        return payload;
    }

    /// <summary>
    /// Stores an uploaded block: raw bytes, or an encoded payload (<paramref name="encoded"/>). It must hash to
    /// <paramref name="signature"/> when one is named; nothing is stored otherwise.
    /// </summary>
    /// <param name="pushId">The push uploading it: the block is claimed for it until its tag is written.</param>
    public async Task<Outcome<StoredBlock>> PutAsync(string? signature, ReadOnlyMemory<byte> data, bool encoded, string? pushId, CancellationToken cancellationToken)
    {
        if (((signature is null ? null : Inputs.Signature(signature)) ?? Inputs.PushId(pushId)) is { } invalid)
        {
            return invalid;
        }

        pushId = Inputs.PushIdOrNull(pushId);

        if (data.Length == 0)
        {
            return ApiError.Invalid("block is empty");
        }

        try
        {
            if (encoded)
            {
                var named = signature ?? throw new ArgumentException("an encoded upload names its signature", nameof(signature));
                var size = BlockPayload.ReadHeader(data.Span, named).RawLength;
                Telemetry.HubMetrics.BlockReceived(data.Length);
                return new StoredBlock(named, size, await _blocks.PutAsync(named, data, cancellationToken, pushId));
            }

            var actual = BlockSignature.Compute(data.Span);
            if (signature is not null && actual != signature)
            {
                return ApiError.Invalid($"upload refused, the bytes do not match the signature: they hash to {actual}, not {signature}");
            }

            Telemetry.HubMetrics.BlockReceived(data.Length);
            return new StoredBlock(actual, data.Length, await _blocks.PutRawAsync(actual, data, cancellationToken, pushId));
        }
        catch (DigestMismatchException mismatch)
        {
            return ApiError.Invalid($"upload refused, the bytes do not match the signature: {mismatch.Message}");
        }
    }

    /// <summary>
    /// Stores an uploaded pack, streamed and verified chunk by chunk; it must hash to <paramref name="id"/>. Nothing is
    /// stored when any part of it is wrong.
    /// </summary>
    public async Task<Outcome<VerifiedPack>> PutPackAsync(string id, Stream body, string? pushId, CancellationToken cancellationToken)
    {
        if ((Inputs.Signature(id) ?? Inputs.PushId(pushId)) is { } invalid)
        {
            return invalid;
        }

        try
        {
            var pack = await _blocks.PutPackAsync(body, id, Inputs.PushIdOrNull(pushId), cancellationToken);
            Telemetry.HubMetrics.BlockReceived(pack.Size);
            return pack;
        }
        catch (InvalidDataException e)
        {
            return ApiError.Invalid($"pack refused: {e.Message}");
        }
        catch (DigestMismatchException e)
        {
            return ApiError.Invalid($"pack refused, a block does not match its signature: {e.Message}");
        }
    }

    /// <summary>The signatures of a fetch that the hub does not hold (checked before a byte is sent).</summary>
    public async Task<Outcome<IReadOnlyList<string>>> CheckFetchAsync(IReadOnlyList<string> signatures, CancellationToken cancellationToken)
    {
        if (signatures.Count is 0 or > FetchBlocksRequest.MaxSignatures)
        {
            return ApiError.Invalid($"ask for 1 to {FetchBlocksRequest.MaxSignatures} blocks at once");
        }

        if (signatures.Select(Inputs.Signature).FirstOrDefault(e => e is not null) is { } invalid)
        {
            return invalid;
        }

        var sizes = await _blocks.SizesAsync(signatures.Distinct(StringComparer.Ordinal).ToList(), refreshFirst: false, cancellationToken);
        var missing = signatures.Where(s => !sizes.ContainsKey(s)).Distinct(StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? (Outcome<IReadOnlyList<string>>)missing
            : new ApiError(ErrorKind.NotFound, $"{missing.Count} block(s) not found: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? ", ..." : string.Empty)}", missing);
    }

    /// <summary>
    /// The finder of delta bases for a fetch by a caller that holds <paramref name="have"/> and asks for blocks of
    /// <paramref name="version"/> (both manifest digests, checked readable by the caller); null: full payloads only.
    /// </summary>
    public Task<DeltaBaseFinder?> PlanDeltasAsync(string? have, string? version, CancellationToken cancellationToken) =>
        _deltas.PlanAsync(have, version, cancellationToken);

    /// <summary>
    /// Many blocks' payloads, verified, to <paramref name="sink"/> in pack order, one at a time; the signatures not
    /// found. With <paramref name="deltas"/>, a block goes as a delta against the held version where that is shorter.
    /// </summary>
    public Task<IReadOnlyList<string>> FetchAsync(IReadOnlyList<string> signatures, DeltaBaseFinder? deltas, Func<string, ReadOnlyMemory<byte>, Task> sink, CancellationToken cancellationToken) =>
        _blocks.ReadPayloadsAsync(signatures, async (signature, payload) =>
        {
            var sent = deltas is null ? payload : await _deltas.FindAsync(deltas, signature, payload, cancellationToken) ?? payload;
            Telemetry.HubMetrics.BlockServed(sent.Length);
            await sink(signature, sent);
        }, cancellationToken, deltas is null ? null : TransferDeltas.BasesHeldBy(deltas));

    private static ApiError NotFound(string signature) => ApiError.NotFound($"block {signature} not found");
}
