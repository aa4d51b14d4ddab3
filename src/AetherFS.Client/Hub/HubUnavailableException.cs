namespace AetherFS.Client.Hub;

/// <summary>The hub could not be reached at all.</summary>
public sealed class HubUnavailableException : Exception
{
    public HubUnavailableException(Uri hub, Exception inner)
        : base($"cannot reach hub at {hub}: {inner.Message}", inner)
    {
    }
}
