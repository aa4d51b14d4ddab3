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
}
