namespace AetherFS.Hub.Http;

/// <summary>A request body read past the limit of its endpoint; answered 413 by whoever set the limit.</summary>
internal sealed class BodyTooLargeException : Exception
{
    public BodyTooLargeException()
        : base("the request body is larger than the endpoint's limit")
    {
    }
}
