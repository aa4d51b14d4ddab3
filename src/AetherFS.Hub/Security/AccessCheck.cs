namespace AetherFS.Hub.Security;

/// <summary>
/// The one authorization point: every surface (the HTTP middleware, the gRPC interceptor, <c>/fs</c>, block fetches)
/// asks it, so a rule holds the same way everywhere.
/// </summary>
internal sealed class AccessCheck
{
    private readonly AccessPolicy _policy;
    private readonly BlockMembership _membership;

    public AccessCheck(AccessPolicy policy, BlockMembership membership)
    {
        _policy = policy;
        _membership = membership;
    }

    public AccessPolicy Policy => _policy;

    public async Task<AccessVerdict> DecideAsync(Principal principal, RequiredAccess required, CancellationToken cancellationToken)
    {
        if (!_policy.Enabled || (_policy.IsAdmin(principal) && required.Digest is null))
        {
            return AccessVerdict.Allowed;
        }

        var allowed = required.Kind switch
        {
            AccessKind.Open or AccessKind.Caller => true,
            AccessKind.SignedIn => !principal.IsAnonymous,
            AccessKind.Dataset => _policy.Allows(principal, required.Action, required.Target!)
                && (required.Digest is null || await _membership.AnyAsync(required.Digest, manifest: true, name => name == required.Target, cancellationToken)),
            AccessKind.Anywhere => _policy.AllowsAnywhere(principal, required.Action),
            AccessKind.Admin => _policy.IsAdmin(principal),
            // Asking whether a block exists is for pushers (a push asks), or for readers of a dataset using it:
            // the answer never confirms a block the caller could not read.
            AccessKind.BlockExists => _policy.AllowsAnywhere(principal, DatasetActions.Write) || await BlockReadableAsync(principal, required.Target!, cancellationToken),
            AccessKind.Block => await _membership.AnyAsync(required.Target!, manifest: false, name => _policy.Allows(principal, DatasetActions.Read, name), cancellationToken),
            AccessKind.Manifest => await _membership.AnyAsync(required.Target!, manifest: true, name => _policy.Allows(principal, DatasetActions.Read, name), cancellationToken),
            _ => false,
        };
        return allowed ? AccessVerdict.Allowed : principal.IsAnonymous ? AccessVerdict.SignInRequired : AccessVerdict.Forbidden;
    }

    private Task<bool> BlockReadableAsync(Principal principal, string signature, CancellationToken cancellationToken) =>
        _membership.AnyAsync(signature, manifest: false, name => _policy.Allows(principal, DatasetActions.Read, name), cancellationToken);

    public bool MayRead(Principal principal, string dataset) => _policy.Allows(principal, DatasetActions.Read, dataset);
}
