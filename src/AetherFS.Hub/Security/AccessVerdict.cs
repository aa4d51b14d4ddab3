namespace AetherFS.Hub.Security;

/// <summary>The answer of <see cref="AccessCheck"/>: each surface maps it once (401/403, UNAUTHENTICATED/PERMISSION_DENIED).</summary>
internal enum AccessVerdict
{
    Allowed,

    /// <summary>Not allowed to an anonymous caller: signing in might help (401 with a challenge).</summary>
    SignInRequired,

    /// <summary>Not allowed to this signed-in caller (403).</summary>
    Forbidden,
}
