namespace AetherFS.Protocol.Errors;

/// <summary>
/// An RFC 7807 problem, as the hub answers every REST failure (<c>application/problem+json</c>): what clients
/// read of it. <see cref="Title"/> names the kind of failure, <see cref="Detail"/> says what happened.
/// </summary>
public sealed record ProblemDocument(string? Type, string? Title, int? Status, string? Detail);
