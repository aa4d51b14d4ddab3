namespace AetherFS.Protocol.Rest;

/// <summary>
/// <c>POST /api/v1/tokens</c>: a token named <see cref="Name"/> for the caller (or, from an admin, for <see cref="Owner"/>)
/// that may do <see cref="Actions"/> on the datasets matching <see cref="Datasets"/>, until <see cref="Expires"/> ("90d") if given.
/// </summary>
public sealed record CreateTokenRequest(string? Name, IReadOnlyList<string>? Datasets, IReadOnlyList<string>? Actions, string? Expires, string? Owner);
