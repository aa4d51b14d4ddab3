namespace AetherFS.Protocol.Rest;

/// <summary>Asks which of these block signatures the hub lacks.</summary>
public sealed record MissingBlocksRequest(IReadOnlyList<string> Signatures)
{
    public const int MaxSignatures = 4096;
}
