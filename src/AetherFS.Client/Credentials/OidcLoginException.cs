namespace AetherFS.Client.Credentials;

/// <summary>An OpenID Connect login failed, or a stored one can no longer be renewed: its user must log in (again).</summary>
public sealed class OidcLoginException : Exception
{
    public OidcLoginException(string message)
        : base(message)
    {
    }
}
