namespace AetherFS.Protocol.Rest;

/// <summary>A dataset's retention policy; <see cref="KeepLast"/> and <see cref="MaxAge"/> both null when it has none.</summary>
public sealed record RetentionPolicyInfo(string Name, int? KeepLast, string? MaxAge, IReadOnlyList<string> Protect);
