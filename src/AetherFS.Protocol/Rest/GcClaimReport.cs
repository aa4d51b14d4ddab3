namespace AetherFS.Protocol.Rest;

/// <summary>Claim objects read (<see cref="Examined"/>), in force (<see cref="Honored"/>), and lapsed ones deleted (<see cref="Removed"/>).</summary>
public sealed record GcClaimReport(long Examined, long Honored, long Removed);
