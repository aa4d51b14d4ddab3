namespace AetherFS.Hub.Security.Sessions;

/// <summary>
/// A web UI session as stored: who signed in, how, and until when. <see cref="Groups"/> is null for local users, whose
/// groups are read from the configuration on every request; a sign-in from outside the configuration (OIDC) keeps the
/// groups it was given.
/// </summary>
public sealed record SessionRecord(string Name, PrincipalKind Kind, IReadOnlyList<string>? Groups, DateTimeOffset Created, DateTimeOffset Expires);
