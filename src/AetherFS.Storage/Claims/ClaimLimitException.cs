namespace AetherFS.Storage.Claims;

/// <summary>A push asked the hub to claim more than <see cref="ClaimBudget"/> allows one push: nothing was claimed.</summary>
public sealed class ClaimLimitException : Exception
{
    public ClaimLimitException()
    {
    }

    public ClaimLimitException(string message)
        : base(message)
    {
    }

    public ClaimLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
