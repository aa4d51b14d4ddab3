using AetherFS.Serving.FileServer;
using Microsoft.AspNetCore.Http;

namespace AetherFS.Hub.Security;

/// <summary>The hub's <see cref="IDatasetReadGate"/>: <c>/fs</c> asks <see cref="AccessCheck"/> like every other surface.</summary>
internal sealed class FileServerReadGate : IDatasetReadGate
{
    private readonly AccessCheck _access;
    private readonly AuditLog _audit;

    public FileServerReadGate(AccessCheck access, AuditLog audit)
    {
        _access = access;
        _audit = audit;
    }

    public async Task<bool> MayReadAsync(HttpContext context, string name, string reference, CancellationToken cancellationToken) =>
        await _access.DecideAsync(Caller.Of(context), RequiredAccess.Version(name, reference), cancellationToken) == AccessVerdict.Allowed;

    public Task DenyAsync(HttpContext context)
    {
        var principal = Caller.Of(context);
        _audit.Denied(principal, "fs", context.Request.Method + " " + context.Request.Path, "read", AccessMiddleware.AddressOf(context));
        return AccessResponses.DeniedAsync(context, principal.IsAnonymous ? AccessVerdict.SignInRequired : AccessVerdict.Forbidden);
    }
}
