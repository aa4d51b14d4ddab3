using System.Runtime.CompilerServices;
using System.Text;
using AetherFS.Storage.Blobs;

namespace AetherFS.Storage.Claims;

/// <summary>
/// Claims on a blob store: small objects in which a hub records the block signatures and manifest digests a client
/// is about to rely on (it asked which blocks are missing, or is publishing), so that garbage collection keeps them
/// however old and unreferenced they are. A push groups its claims under one push id and releases them once its
/// tag is written; claims nobody releases lapse with age. See docs/architecture.md, "Garbage collection".
/// </summary>
public sealed class ClaimStore
{
    public const string Prefix = "claims/";
    public const string ReleasedName = "released";
    private readonly IBlobStore _blobs;
    private readonly ClaimBudget? _budget;

    /// <param name="budget">Bounds what one push id may claim; none (tools, tests): unbounded.</param>
    public ClaimStore(IBlobStore blobs, ClaimBudget? budget = null)
    {
        _blobs = blobs;
        _budget = budget;
    }

    /// <summary>A push id: 32 lowercase hex digits (a GUID without dashes), safe as a key segment.</summary>
    public static bool IsValidPushId(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// Stores one claim object holding <paramref name="items"/> (signatures and "sha256:" digests), under the push
    /// given or, without one, under a group of its own. Nothing is written for no items.
    /// </summary>
    /// <exception cref="ClaimLimitException">The push is over its <see cref="ClaimBudget"/>; nothing was written.</exception>
    public async Task ClaimAsync(string? pushId, IReadOnlyCollection<string> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        var key = new ClaimKey(Group(pushId), NewId());
        if (pushId is not null && _budget is not null && !_budget.TryCharge(pushId, items.Count))
        {
            throw new ClaimLimitException(
                $"push {pushId} has claimed more than the hub allows one push ({ClaimBudget.MaxObjectsPerPush} claims or {ClaimBudget.MaxItemsPerPush} blocks within the claim lifetime): nothing more is claimed for it");
        }

        await _blobs.PutAsync(key.ToString(), Encoding.ASCII.GetBytes(string.Join('\n', items)), cancellationToken);
    }

    /// <summary>Marks a push finished: its tag now references what it claimed.</summary>
    public Task ReleaseAsync(string pushId, CancellationToken cancellationToken) =>
        _blobs.PutAsync(new ClaimKey(Group(pushId), ReleasedName).ToString(), ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Every claim object and release marker, with when it was written.</summary>
    public async IAsyncEnumerable<(ClaimKey Key, BlobInfo Info)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in _blobs.ListAsync(Prefix, cancellationToken))
        {
            if (ClaimKey.Parse(blob.Key) is { } key)
            {
                yield return (key, blob);
            }
        }
    }

    /// <summary>The items of one claim; empty when it has gone (lapsed claims are removed by collections).</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(ClaimKey key, CancellationToken cancellationToken)
    {
        await using var content = await _blobs.OpenReadAsync(key.ToString(), 0, null, cancellationToken);
        if (content is null)
        {
            return [];
        }

        using var reader = new StreamReader(content.Stream, Encoding.ASCII);
        var text = await reader.ReadToEndAsync(cancellationToken);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public Task<bool> DeleteAsync(ClaimKey key, CancellationToken cancellationToken) => _blobs.DeleteAsync(key.ToString(), cancellationToken);

    private static string Group(string? pushId)
    {
        if (pushId is null)
        {
            return NewId();
        }

        return IsValidPushId(pushId) ? pushId : throw new ArgumentException($"invalid push id '{pushId}': expected 32 lowercase hex digits", nameof(pushId));
    }
}
