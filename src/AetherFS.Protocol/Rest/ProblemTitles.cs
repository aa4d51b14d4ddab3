namespace AetherFS.Protocol.Rest;

/// <summary>Problem titles clients act on, so hub and client agree on them in one place.</summary>
public static class ProblemTitles
{
    /// <summary>The hub's own copy of a block or manifest failed verification.</summary>
    public const string CorruptStoredData = "Stored data is corrupt";
}
