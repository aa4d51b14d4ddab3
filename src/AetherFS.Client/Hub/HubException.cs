namespace AetherFS.Client.Hub;

/// <summary>The hub refused a request; <see cref="Exception.Message"/> is the problem's detail.</summary>
public sealed class HubException : Exception
{
    public HubException(int statusCode, string message, string? title = null)
        : base(message)
    {
        StatusCode = statusCode;
        Title = title;
    }

    public int StatusCode { get; }

    /// <summary>The problem's title, which names the kind of failure (e.g. "Stored data is corrupt").</summary>
    public string? Title { get; }

    /// <summary>The hub found its own copy of a block or manifest corrupt.</summary>
    public bool IsCorruptOnHub => StatusCode == 500 && Title == Protocol.Rest.ProblemTitles.CorruptStoredData;

    public bool IsNotFound => StatusCode == 404;
}
