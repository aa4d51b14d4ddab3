namespace AetherFS.Storage.Tests.Blobs.S3;

/// <summary>What <see cref="FaultyProxy"/> does to one connection.</summary>
public enum ProxyFault
{
    /// <summary>Pass everything through.</summary>
    None,

    /// <summary>Reset the connection as soon as it is accepted.</summary>
    Reset,

    /// <summary>Answer the first request 503 ServiceUnavailable, then close.</summary>
    ServiceUnavailable,

    /// <summary>Answer the first request 403 SignatureDoesNotMatch, as S3 does for a wrong secret.</summary>
    SignatureDoesNotMatch,

    /// <summary>Pass the request, then reset after <see cref="FaultyProxy.CutAfterBytes"/> bytes of the response.</summary>
    CutResponse,
}
