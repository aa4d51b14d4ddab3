using AetherFS.Protocol.Errors;

namespace AetherFS.Client.Hub;

/// <summary>The hub refused a request; <see cref="Exception.Message"/> is the hub's message.</summary>
public sealed class HubException : Exception
{
    /// <param name="transient">The hub, or a proxy in front of it, said to try again later (502, 503, 504).</param>
    public HubException(ErrorKind kind, string message, bool transient = false)
        : base(message)
    {
        Kind = kind;
        IsTransient = transient;
    }

    /// <summary>What kind of failure the hub reported, whichever interface it came through.</summary>
    public ErrorKind Kind { get; }

    /// <summary>Worth retrying: the hub's storage or a proxy in front of it was briefly unavailable.</summary>
    public bool IsTransient { get; }

    /// <summary>The hub found its own copy of a block or manifest corrupt.</summary>
    public bool IsCorruptOnHub => Kind == ErrorKind.Corrupt;

    public bool IsNotFound => Kind == ErrorKind.NotFound;

    /// <summary>The HTTP status of the answer; 0 when the failure did not come as one.</summary>
    public int Status { get; init; }

    /// <summary>The hub that answered, when known: the one to log in to after a 401.</summary>
    public Uri? Hub { get; init; }

    /// <summary>What was refused, as <c>METHOD /path</c>, when known.</summary>
    public string? Request { get; init; }

    /// <summary>The hub asked for credentials, or refused the ones sent (401).</summary>
    public bool IsUnauthenticated => Status == 401;

    /// <summary>The hub knows the caller but does not allow the request (403).</summary>
    public bool IsForbidden => Status == 403;
}
