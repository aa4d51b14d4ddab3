namespace AetherFS.Client.Hub;

/// <summary>The hub refused a request; <see cref="Exception.Message"/> is the problem's detail.</summary>
public sealed class HubException : Exception
{
    public HubException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }

    public bool IsNotFound => StatusCode == 404;
}
