namespace AetherFS.Protocol.Rest;

/// <summary>
/// Asks the hub to verify its store now: every block of every pack decoded and hashed, every manifest read, parsed and
/// checked against the blocks it names. <see cref="MaxBytesPerSecond"/> paces the reads (null or 0: as fast as it can).
/// </summary>
public sealed record VerifyRequest(long? MaxBytesPerSecond);
