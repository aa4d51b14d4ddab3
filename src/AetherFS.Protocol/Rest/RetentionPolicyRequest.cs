namespace AetherFS.Protocol.Rest;

/// <summary>Sets a dataset's retention policy: keep the newest <see cref="KeepLast"/> tags, expire tags older than <see cref="MaxAge"/> ("90d"), never touch <see cref="Protect"/> patterns.</summary>
public sealed record RetentionPolicyRequest(int? KeepLast, string? MaxAge, IReadOnlyList<string>? Protect);
