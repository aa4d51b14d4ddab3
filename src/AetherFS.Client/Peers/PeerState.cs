namespace AetherFS.Client.Peers;

/// <summary>One peer as /healthz lists it: its address and whether it is live, set aside, or this agent itself.</summary>
public sealed record PeerState(string Url, string State)
{
    public const string LiveState = "live";
    public const string SetAsideState = "set_aside";
    public const string SelfState = "self";

    public static readonly string[] All = [LiveState, SetAsideState, SelfState];
}
