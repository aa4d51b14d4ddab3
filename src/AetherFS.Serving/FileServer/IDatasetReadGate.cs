using Microsoft.AspNetCore.Http;

namespace AetherFS.Serving.FileServer;

/// <summary>
/// Who may read a dataset through <c>/fs</c>. The hub registers one; the agent, which serves its own cache to its own
/// host, does not, and then every dataset is readable.
/// </summary>
public interface IDatasetReadGate
{
    /// <summary>Whether the request's caller may read this version (a digest must be one of the dataset's versions).</summary>
    Task<bool> MayReadAsync(HttpContext context, string name, string reference, CancellationToken cancellationToken);

    /// <summary>Answers a request for a dataset the caller may not read (401 with a challenge, or 403).</summary>
    Task DenyAsync(HttpContext context);
}
